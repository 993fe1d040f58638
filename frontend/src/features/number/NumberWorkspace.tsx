import { useCallback } from "react";
import { useI18n } from "../../i18n/I18n";
import type { WorkspaceProps } from "../drawing/mode";
import { useForgetDeleted } from "../drawing/useForgetDeleted";
import { useSubmission } from "../drawing/useSubmission";
import { Workspace } from "../drawing/Workspace";
import { numberReading, numberUrl, useDeleteNumber, useDigitCorrections } from "./api";
import { DigitBoxes, NumberResult } from "./NumberResult";

/** Write a number on a wide canvas, see it read live with a box around each digit found. */
export function NumberWorkspace({ onStored, deleted }: WorkspaceProps) {
  const { t } = useI18n();
  const submission = useSubmission(numberReading, onStored);
  const { saved, correct } = useDigitCorrections();
  const { reset } = submission;
  // A deleted number leaves the page and the history (its digits were drawings there).
  const onDeleted = useCallback(() => {
    reset();
    onStored();
  }, [reset, onStored]);
  const deleteNumber = useDeleteNumber(onDeleted);
  useForgetDeleted(submission, deleted, "number");
  const onCorrect = useCallback(
    async (digitId: number, feedback: Parameters<typeof correct>[1]) => {
      await correct(digitId, feedback);
      onStored();
    },
    [correct, onStored],
  );
  return (
    <Workspace
      submission={submission}
      canvasLabel={t("numberCanvas")}
      className="number-mode"
      overlay={(reading) => {
        if (reading.source === "live") return <DigitBoxes reading={reading.result} />;
        return reading.state.status === "done" && <DigitBoxes reading={reading.state.result} />;
      }}
      result={(reading) => (
        <NumberResult
          reading={reading}
          corrections={saved}
          onCorrect={onCorrect}
          onDelete={deleteNumber}
          numberUrl={numberUrl}
        />
      )}
    />
  );
}
