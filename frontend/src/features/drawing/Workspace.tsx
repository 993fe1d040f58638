import { useCallback, useRef, type ReactNode } from "react";
import { useI18n } from "../../i18n/I18n";
import { isStale } from "../../lib/answers";
import { DrawingCanvas } from "./DrawingCanvas";
import type { Submission } from "./useSubmission";
import { useShortcuts } from "./useShortcuts";
import { useStrokes } from "./useStrokes";

interface Props<R> {
  submission: Submission<R>;
  /** The canvas's accessible name, in words of this mode. */
  canvasLabel: string;
  /** Width ÷ height of the canvas: 1 for one digit, wider for a whole number. */
  aspect: number;
  /** An extra class on the workspace, for a layout of this mode's own. */
  className?: string;
  /** Drawn over the canvas (e.g. boxes around the digits read); hidden once the drawing changes. */
  overlay?: ReactNode;
  /** The answer area beside (or below) the canvas; `stale` once the drawing changed since. */
  result: (stale: boolean) => ReactNode;
}

/** The canvas, its buttons and keyboard shortcuts, and the answer: what every mode shares. */
export function Workspace<R>({ submission, canvasLabel, aspect, className, overlay, result }: Props<R>) {
  const { t } = useI18n();
  const { strokes, begin, extend, undo, clear } = useStrokes();
  // A ref, not state: the export scales strokes by the width they were drawn at, read on submit.
  const canvasWidth = useRef(280);
  const onResize = useCallback((width: number) => {
    canvasWidth.current = width;
  }, []);

  const { submit: send, reset } = submission;
  const submit = useCallback(() => send(strokes, canvasWidth.current), [send, strokes]);
  const clearAll = useCallback(() => {
    clear();
    reset();
  }, [clear, reset]);
  useShortcuts({ submit, clear: clearAll, undo });
  const stale = isStale(submission.answered, strokes);

  return (
    <div className={className ? `workspace ${className}` : "workspace"}>
      <section className="draw">
        <DrawingCanvas strokes={strokes} label={canvasLabel} onBegin={begin} onExtend={extend} onResize={onResize} aspect={aspect}>
          {!stale && overlay}
        </DrawingCanvas>
        <div className="controls">
          <button type="button" className="primary" onClick={submit} disabled={submission.state.status === "working"}>
            {t("recognise")}
          </button>
          <button type="button" onClick={undo} disabled={strokes.length === 0}>
            {t("undo")}
          </button>
          <button type="button" onClick={clearAll}>
            {t("clear")}
          </button>
        </div>
        <p className="shortcuts">{t("shortcuts")}</p>
      </section>
      <div className={stale ? "answer stale" : "answer"} data-stale={stale}>
        {stale && (
          <p className="stale-note" role="status">
            {t("stale")}
          </p>
        )}
        {result(stale)}
      </div>
    </div>
  );
}
