import { useCallback, useState } from "react";
import { ApiError, asApiError } from "../../lib/api";
import { strokesToPng, strokesToSend, type StrokeSpace } from "../../lib/canvas";
import type { Stroke } from "../../lib/strokes";
import type { Pending } from "./PendingResult";

export type SubmissionState<R> = Pending | { status: "done"; result: R };

/** What a mode sends: the endpoint, the canvas's width ÷ height, and where strokes are measured. */
export interface SubmissionTarget<R> {
  send: (imageData: string, strokes: Stroke[]) => Promise<R>;
  aspect: number;
  strokesIn: StrokeSpace;
}

/** Send drawings to one endpoint and keep the latest answer (or error) for display. */
export function useSubmission<R>(target: SubmissionTarget<R>, onStored: () => void) {
  const [state, setState] = useState<SubmissionState<R>>({ status: "idle" });
  // The strokes last sent: the answer shown belongs to them, not to whatever is drawn since.
  const [sent, setSent] = useState<Stroke[] | null>(null);

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
    (strokes: Stroke[], drawnOnWidth: number) => {
      // Nothing drawn is said the way the server would say it, without asking the server.
      if (strokes.length === 0) {
        setState({ status: "error", error: new ApiError(0, "blank_image", "") });
        return;
      }
      const { send, aspect, strokesIn } = target;
      const png = strokesToPng(strokes, drawnOnWidth, undefined, aspect);
      setState({ status: "working" });
      setSent(strokes);
      void settle(send(png, strokesToSend(strokes, drawnOnWidth, aspect, strokesIn)));
    },
    [target, settle],
  );

  const reset = useCallback(() => {
    setState({ status: "idle" });
    setSent(null);
  }, []);
  /** The drawing the answer shown was given for (null while there is no answer). */
  const answered = state.status === "done" ? sent : null;
  return { state, answered, submit, settle, reset };
}

export type Submission<R> = ReturnType<typeof useSubmission<R>>;
