import { useI18n } from "../../i18n/I18n";
import { useSubmission } from "../drawing/useSubmission";
import { Workspace } from "../drawing/Workspace";
import { numberReading } from "./api";
import { DigitBoxes, NumberResult } from "./NumberResult";

/** Write a number on a wide canvas, see it read with a box around each digit found. */
export function NumberWorkspace({ onStored }: { onStored: () => void }) {
  const { t } = useI18n();
  const submission = useSubmission(numberReading, onStored);
  const { state } = submission;
  return (
    <Workspace
      submission={submission}
      canvasLabel={t("numberCanvas")}
      aspect={numberReading.aspect}
      className="number-mode"
      overlay={state.status === "done" && <DigitBoxes reading={state.result} />}
      result={() => <NumberResult state={state} />}
    />
  );
}
