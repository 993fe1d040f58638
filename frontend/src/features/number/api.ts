// What the number mode asks of the API: reading the digits written side by side.
import { api, type NumberReading } from "../../lib/api";
import type { SubmissionTarget } from "../drawing/useSubmission";

/**
 * A wide canvas (a postcode or an amount, digits side by side); the strokes are sent in the
 * image's own pixels because the server separates touching digits by them.
 */
export const numberReading: SubmissionTarget<NumberReading> = { send: api.readNumber, aspect: 3, strokesIn: "image" };
