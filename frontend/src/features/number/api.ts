// What the number mode asks of the API: reading digits written side by side (live or stored),
// correcting one digit of a number, and deleting a number.
import { useCallback, useState } from "react";
import { api, type Feedback, type NumberPreview, type NumberReading } from "../../lib/api";
import type { SubmissionTarget } from "../drawing/useSubmission";

/**
 * A wide canvas (a postcode or an amount, digits side by side), less wide on a phone so a
 * finger has room; the strokes are sent in the image's own pixels because the server
 * separates touching digits by them.
 */
export const numberReading: SubmissionTarget<NumberReading, NumberPreview> = {
  send: api.readNumber,
  preview: api.previewNumber,
  aspect: 3,
  narrowAspect: 1.6,
  strokesIn: "image",
};

/** Where a stored number is: a result links to it. */
export const numberUrl = api.numberUrl;

/** What the drawer said of each digit (by the digit's drawing id), saved as they say it. */
export function useDigitCorrections() {
  const [saved, setSaved] = useState<ReadonlyMap<number, Feedback>>(new Map());
  const correct = useCallback(async (digitId: number, feedback: Feedback) => {
    await api.feedback(digitId, feedback);
    setSaved((before) => new Map(before).set(digitId, feedback));
  }, []);
  return { saved, correct };
}

/** Delete a stored number (its digits' drawings go with it), then run `onDeleted`. */
export function useDeleteNumber(onDeleted: () => void) {
  return useCallback(
    async (id: number) => {
      await api.deleteNumber(id);
      onDeleted();
    },
    [onDeleted],
  );
}
