import type { Mode } from "../drawing/mode";
import { DigitWorkspace } from "./DigitWorkspace";

export const digitMode: Mode = {
  name: "digit",
  button: "modeDigit",
  title: "title",
  subtitle: "subtitle",
  Workspace: DigitWorkspace,
};
