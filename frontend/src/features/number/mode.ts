import type { Mode } from "../drawing/mode";
import { NumberWorkspace } from "./NumberWorkspace";

export const numberMode: Mode = {
  name: "number",
  button: "modeNumber",
  title: "numberTitle",
  subtitle: "numberSubtitle",
  Workspace: NumberWorkspace,
};
