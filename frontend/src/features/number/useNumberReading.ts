import { useCallback, useState } from "react";
import { api, asApiError, type ApiError, type NumberReading } from "../../lib/api";
import type { Stroke } from "../../lib/strokes";

export type NumberState =
  | { status: "idle" }
  | { status: "working" }
  | { status: "done"; result: NumberReading }
  | { status: "error"; error: ApiError };

/** Send a written number to the API and keep the latest reading for display. */
export function useNumberReading(onStored: () => void) {
  const [state, setState] = useState<NumberState>({ status: "idle" });

  const read = useCallback(
    async (imageData: string, strokes: Stroke[]) => {
      setState({ status: "working" });
      try {
        setState({ status: "done", result: await api.readNumber(imageData, strokes) });
        onStored(); // each digit is also a drawing in the history
      } catch (error) {
        setState({ status: "error", error: asApiError(error) });
      }
    },
    [onStored],
  );

  const reset = useCallback(() => setState({ status: "idle" }), []);
  const fail = useCallback((error: ApiError) => setState({ status: "error", error }), []);
  return { state, read, reset, fail };
}
