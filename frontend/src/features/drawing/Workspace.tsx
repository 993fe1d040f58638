import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { useI18n } from "../../i18n/I18n";
import { shownAnswer } from "../../lib/answers";
import type { Stroke } from "../../lib/strokes";
import { DrawingCanvas } from "./DrawingCanvas";
import { useLiveReading } from "./useLiveReading";
import { useMediaQuery } from "../../theme/useMediaQuery";
import { encodeDrawing, type Submission, type SubmissionState } from "./useSubmission";
import { useShortcuts } from "./useShortcuts";
import { useStrokes } from "./useStrokes";

/** What the answer area shows: the stored answer (or its request, or error), or a live reading. */
export type Reading<R, P> =
  | { source: "stored"; state: SubmissionState<R>; stale: boolean }
  | { source: "live"; result: P; stale: boolean };

interface Props<R, P> {
  submission: Submission<R, P>;
  /** The canvas's accessible name, in words of this mode. */
  canvasLabel: string;
  /** An extra class on the workspace, for a layout of this mode's own. */
  className?: string;
  /** Drawn over the canvas (e.g. boxes around the digits read); hidden once the drawing changes. */
  overlay?: (reading: Reading<R, P>) => ReactNode;
  /** The answer area beside (or below) the canvas. */
  result: (reading: Reading<R, P>) => ReactNode;
}

// Phones: a wide canvas at its desktop aspect would be too low to write in with a finger.
const NARROW = "(max-width: 600px)";

/** The canvas, its buttons and keyboard shortcuts, and the answer: what every mode shares. */
export function Workspace<R, P>({ submission, canvasLabel, className, overlay, result }: Props<R, P>) {
  const { t } = useI18n();
  const { strokes, begin, extend, undo, clear } = useStrokes();
  const [penDown, setPenDown] = useState(false);
  const { target } = submission;
  const narrow = useMediaQuery(NARROW);
  const aspect = narrow && target.narrowAspect ? target.narrowAspect : target.aspect;
  // A ref, not state: the export scales strokes by the width they were drawn at, read on submit.
  const canvasWidth = useRef(280);
  const onResize = useCallback((width: number) => {
    canvasWidth.current = width;
  }, []);

  const readLive = useCallback(
    (drawing: Stroke[]) => target.preview(...encodeDrawing(drawing, canvasWidth.current, aspect, target.strokesIn)),
    [target, aspect],
  );
  const live = useLiveReading(readLive, strokes, penDown, submission.sent);
  const { submit: send, reset } = submission;
  const { reset: resetLive } = live;
  const submit = useCallback(() => {
    // The stored answer replaces the live one; a live answer still on its way is dropped.
    if (strokes.length > 0) resetLive();
    send(strokes, canvasWidth.current, aspect);
  }, [send, resetLive, strokes, aspect]);
  const clearAll = useCallback(() => {
    clear();
    reset();
    resetLive();
  }, [clear, reset, resetLive]);
  useEffect(() => {
    if (strokes.length === 0) resetLive();
  }, [strokes, resetLive]);
  useShortcuts({ submit, clear: clearAll, undo });

  const reading = useMemo<Reading<R, P>>(() => {
    const { state, answered } = submission;
    const shown = shownAnswer(answered, live.answer?.strokes ?? null, strokes);
    if (shown.source === "live" && live.answer) return { source: "live", result: live.answer.result, stale: shown.stale };
    return { source: "stored", state, stale: shown.stale };
  }, [submission, live.answer, strokes]);

  return (
    <div className={className ? `workspace ${className}` : "workspace"}>
      <section className="draw">
        <DrawingCanvas
          strokes={strokes}
          label={canvasLabel}
          onBegin={(x, y) => {
            setPenDown(true);
            begin(x, y);
          }}
          onExtend={extend}
          onEnd={() => setPenDown(false)}
          onResize={onResize}
          aspect={aspect}
        >
          {!reading.stale && overlay?.(reading)}
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
      <div
        className={reading.stale ? "answer stale" : "answer"}
        data-stale={reading.stale}
        data-source={reading.source}
      >
        {reading.stale && (
          <p className="stale-note" role="status">
            {t("stale")}
          </p>
        )}
        {result(reading)}
      </div>
    </div>
  );
}
