import { useCallback, useState } from "react";
import { api, asApiError, type ApiError, type Recognition } from "../../lib/api";
import type { Stroke } from "../../lib/strokes";

export type RecognitionState =
  | { status: "idle" }
  | { status: "working" }
  | { status: "done"; result: Recognition }
  | { status: "error"; error: ApiError };

/** Send drawings to the API and keep the latest answer (and feedback) for display. */
export function useRecognition(onStored: () => void) {
  const [state, setState] = useState<RecognitionState>({ status: "idle" });

  const recognise = useCallback(
    async (imageData: string, strokes: Stroke[]) => {
      setState({ status: "working" });
      try {
        setState({ status: "done", result: await api.recognize(imageData, strokes) });
        onStored();
      } catch (error) {
        setState({ status: "error", error: asApiError(error) });
      }
    },
    [onStored],
  );

  const sendFeedback = useCallback(
    async (id: number, label: number) => {
      try {
        const updated = await api.feedback(id, label);
        setState({ status: "done", result: updated });
        onStored();
      } catch (error) {
        setState({ status: "error", error: asApiError(error) });
      }
    },
    [onStored],
  );

  const reset = useCallback(() => setState({ status: "idle" }), []);
  const fail = useCallback((error: ApiError) => setState({ status: "error", error }), []);
  return { state, recognise, sendFeedback, reset, fail };
}
