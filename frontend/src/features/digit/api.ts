// What the digit mode asks of the API: reading a drawing (live or stored), and labelling it.
import { useCallback } from "react";
import { api, type Feedback, type Recognition, type RecognitionPreview } from "../../lib/api";
import type { Submission, SubmissionTarget } from "../drawing/useSubmission";

/** One digit on a square canvas; the server takes its strokes in the canvas's own pixels. */
export const recognition: SubmissionTarget<Recognition, RecognitionPreview> = {
  send: api.recognize,
  preview: api.previewRecognition,
  aspect: 1,
  strokesIn: "canvas",
};

/** Where a stored drawing's image is: a result links to it. */
export const drawingUrl = api.imageUrl;

/** Label a recognised drawing; the stored drawing the server answers replaces the one shown. */
export function useFeedback({ settle }: Submission<Recognition, RecognitionPreview>) {
  return useCallback((id: number, feedback: Feedback) => void settle(api.feedback(id, feedback)), [settle]);
}
