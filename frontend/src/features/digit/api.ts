// What the digit mode asks of the API: recognising a drawing, and labelling it.
import { useCallback } from "react";
import { api, type Feedback, type Recognition } from "../../lib/api";
import type { Submission, SubmissionTarget } from "../drawing/useSubmission";

/** One digit on a square canvas; the server takes its strokes in the canvas's own pixels. */
export const recognition: SubmissionTarget<Recognition> = { send: api.recognize, aspect: 1, strokesIn: "canvas" };

/** Label a recognised drawing; the stored drawing the server answers replaces the one shown. */
export function useFeedback({ settle }: Submission<Recognition>) {
  return useCallback((id: number, feedback: Feedback) => void settle(api.feedback(id, feedback)), [settle]);
}
