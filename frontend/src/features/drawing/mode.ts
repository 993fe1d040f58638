import type { ComponentType } from "react";
import type { MessageKey } from "../../i18n/messages";
import type { Belonging } from "../history/belonging";

export interface WorkspaceProps {
  onStored: () => void;
  deleted: Belonging | null;
}

/**
 * One way to use the page (one digit, or a whole number): what the page around says of it,
 * and its workspace. The page picks one and never asks which mode it is in again.
 */
export interface Mode {
  name: string;
  /** The mode switch's button. */
  button: MessageKey;
  title: MessageKey;
  subtitle: MessageKey;
  /**
   * Mounted afresh on each switch, so no drawing or answer crosses from one mode to another.
   * `deleted`: the drawing or number last deleted from the history; an answer showing it goes.
   */
  Workspace: ComponentType<WorkspaceProps>;
}
