import type { ComponentType } from "react";
import type { MessageKey } from "../../i18n/messages";

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
  /** Mounted afresh on each switch, so no drawing or answer crosses from one mode to another. */
  Workspace: ComponentType<{ onStored: () => void }>;
}
