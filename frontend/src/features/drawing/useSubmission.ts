import { useCallback, useRef, useState } from "react";
import { needsSending } from "../../lib/answers";
import { ApiError, asApiError } from "../../lib/api";
import { strokesToPng, strokesToSend, type StrokeSpace } from "../../lib/canvas";
import type { Stroke } from "../../lib/strokes";
import type { Pending } from "./PendingResult";

export type SubmissionState<R> = Pending | { status: "done"; result: R };

/**
 * What a mode sends: the endpoint that stores and the one that only reads (live), the canvas's
 * width ÷ height (a narrower one on a phone, where a wide canvas would be too low for a
 * finger), and where strokes are measured.
 */
export interface SubmissionTarget<R, P = R> {
  send: (imageData: string, strokes: Stroke[]) => Promise<R>;
  preview: (imageData: string, strokes: Stroke[]) => Promise<P>;
  aspect: number;
  narrowAspect?: number;
  strokesIn: StrokeSpace;
}

/** A drawing as the API takes it: the PNG and the strokes, at the canvas's aspect. */
export function encodeDrawing(strokes: Stroke[], drawnOnWidth: number, aspect: number, strokesIn: StrokeSpace) {
  return [strokesToPng(strokes, drawnOnWidth, undefined, aspect), strokesToSend(strokes, drawnOnWidth, aspect, strokesIn)] as const;
}

/** Send drawings to one endpoint and keep the latest answer (or error) for display. */
export function useSubmission<R, P = R>(target: SubmissionTarget<R, P>, onStored: () => void) {
  const [state, setState] = useState<SubmissionState<R>>({ status: "idle" });
  // The strokes last sent: the answer shown belongs to them, not to whatever is drawn since.
  const [sent, setSent] = useState<Stroke[] | null>(null);
  // The same, read at once: Enter pressed again before React renders must not send it twice.
  const sentNow = useRef<Stroke[] | null>(null);

  /** Show what a request answers; every answer is a stored drawing (a number: one per digit). */
  const settle = useCallback(
    async (request: Promise<R>) => {
      try {
        setState({ status: "done", result: await request });
        onStored();
      } catch (error) {
        setState({ status: "error", error: asApiError(error) });
      }
    },
    [onStored],
  );

  const submit = useCallback(
    (strokes: Stroke[], drawnOnWidth: number, aspect = target.aspect) => {
      // Nothing drawn is said the way the server would say it, without asking the server.
      if (strokes.length === 0) {
        setState({ status: "error", error: new ApiError(0, "blank_image", "") });
        return;
      }
      // An unchanged canvas keeps the answer it has (or is about to get): it is stored once.
      if (!needsSending(sentNow.current, strokes)) return;
      sentNow.current = strokes;
      setState({ status: "working" });
      setSent(strokes);
      const request = target.send(...encodeDrawing(strokes, drawnOnWidth, aspect, target.strokesIn));
      // Nothing was stored when the request failed: sending the same drawing again is a retry.
      request.catch(() => {
        if (sentNow.current === strokes) sentNow.current = null;
      });
      void settle(request);
    },
    [target, settle],
  );

  const reset = useCallback(() => {
    setState({ status: "idle" });
    setSent(null);
    sentNow.current = null;
  }, []);
  /** The drawing the answer shown was given for (null while there is no answer). */
  const answered = state.status === "done" ? sent : null;
  return { state, answered, sent, target, submit, settle, reset };
}

export type Submission<R, P = R> = ReturnType<typeof useSubmission<R, P>>;
