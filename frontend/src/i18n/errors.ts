// How an API failure is said to the person drawing.
import type { ApiError } from "../lib/api";
import type { MessageKey, Translate } from "./messages";

const ERROR_MESSAGES: Record<string, MessageKey> = {
  blank_image: "errorBlank",
  network: "errorNetwork",
  throttled: "errorThrottled",
  too_many_digits: "errorTooManyDigits",
  part_of_number: "errorPartOfNumber",
};

/** An API failure in words; `blank` says what to draw first in this mode. */
export function errorMessage(t: Translate, error: ApiError, blank: MessageKey = "errorBlank"): string {
  if (error.code === "blank_image") return t(blank);
  const key = ERROR_MESSAGES[error.code];
  // An error the page has no words for still says what the server said.
  return key ? t(key) : t("errorGeneric", { detail: error.message });
}
