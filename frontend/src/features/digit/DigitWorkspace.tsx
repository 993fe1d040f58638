import { useI18n } from "../../i18n/I18n";
import type { WorkspaceProps } from "../drawing/mode";
import { useForgetDeleted } from "../drawing/useForgetDeleted";
import { useSubmission } from "../drawing/useSubmission";
import { Workspace } from "../drawing/Workspace";
import { drawingUrl, recognition, useFeedback } from "./api";
import { ResultPanel } from "./ResultPanel";

/** Draw one digit, see it read live and the ten probabilities beside it, and say what was meant. */
export function DigitWorkspace({ onStored, deleted }: WorkspaceProps) {
  const { t } = useI18n();
  const submission = useSubmission(recognition, onStored);
  const sendFeedback = useFeedback(submission);
  useForgetDeleted(submission, deleted, "drawing");
  return (
    <Workspace
      submission={submission}
      canvasLabel={t("canvas")}
      result={(reading) => <ResultPanel reading={reading} onFeedback={sendFeedback} drawingUrl={drawingUrl} />}
    />
  );
}
