// The one HTTP client of the page. Types come from the OpenAPI schema (npm run gen:api).
import type { components } from "./api-types";
import type { Stroke } from "./strokes";

export type Recognition = components["schemas"]["Recognition"];
export type RecognitionPage = components["schemas"]["PaginatedRecognitionList"];
export type NumberReading = components["schemas"]["Number"];
export type DigitBox = components["schemas"]["Box"];
/** A live reading (the preview endpoints): the answer to a drawing that was not stored. */
export type RecognitionPreview = components["schemas"]["RecognitionPreview"];
export type NumberPreview = components["schemas"]["NumberPreview"];
/** How long drawings are kept: null means until the drawer deletes them. */
export type Privacy = components["schemas"]["Privacy"];
/** What the drawer meant: a digit, or nothing that is a digit. */
export type Feedback = { label: number } | { not_a_digit: true };

const BASE = import.meta.env.VITE_API_BASE ?? "";

/** An API answer in the project's error format, or a network failure (code "network"). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    detail: string,
  ) {
    super(detail);
  }
}

/** Any failure as an ApiError, so the page explains every error the same way. */
export function asApiError(error: unknown): ApiError {
  return error instanceof ApiError ? error : new ApiError(0, "error", String(error));
}

function csrfToken(): string | undefined {
  return document.cookie
    .split("; ")
    .find((part) => part.startsWith("csrftoken="))
    ?.split("=")[1];
}

async function request<T>(path: string, init: RequestInit = {}): Promise<T> {
  const headers = new Headers(init.headers);
  headers.set("Accept", "application/json");
  headers.set("X-DigitSite-Client", "web");
  if (init.body) headers.set("Content-Type", "application/json");
  const token = csrfToken();
  if (token) headers.set("X-CSRFToken", token);
  let response: Response;
  try {
    response = await fetch(BASE + path, { ...init, headers, credentials: "include" });
  } catch {
    throw new ApiError(0, "network", "The server could not be reached.");
  }
  // A DELETE answers 204 with no body.
  const body = response.status === 204 ? null : await response.json().catch(() => null);
  if (!response.ok) {
    throw new ApiError(response.status, body?.error ?? "error", body?.detail ?? response.statusText);
  }
  return body as T;
}

export const api = {
  recognize: (imageData: string, strokes: Stroke[]) =>
    request<Recognition>("/api/v1/recognitions/", {
      method: "POST",
      body: JSON.stringify({ image_data: imageData, strokes }),
    }),
  readNumber: (imageData: string, strokes: Stroke[]) =>
    request<NumberReading>("/api/v1/numbers/", {
      method: "POST",
      body: JSON.stringify({ image_data: imageData, strokes }),
    }),
  previewRecognition: (imageData: string, strokes: Stroke[]) =>
    request<RecognitionPreview>("/api/v1/recognitions/preview/", {
      method: "POST",
      body: JSON.stringify({ image_data: imageData, strokes }),
    }),
  previewNumber: (imageData: string, strokes: Stroke[]) =>
    request<NumberPreview>("/api/v1/numbers/preview/", {
      method: "POST",
      body: JSON.stringify({ image_data: imageData, strokes }),
    }),
  deleteRecognition: (id: number) => request<null>(`/api/v1/recognitions/${id}/`, { method: "DELETE" }),
  deleteNumber: (id: number) => request<null>(`/api/v1/numbers/${id}/`, { method: "DELETE" }),
  privacy: () => request<Privacy>("/api/v1/privacy/"),
  feedback: (id: number, feedback: Feedback) =>
    request<Recognition>(`/api/v1/recognitions/${id}/feedback/`, {
      method: "POST",
      body: JSON.stringify(feedback),
    }),
  history: (page: number) => request<RecognitionPage>(`/api/v1/recognitions/?page=${page}`),
  imageUrl: (recognition: Recognition) => BASE + recognition.image_url,
  numberUrl: (id: number) => `${BASE}/api/v1/numbers/${id}/`,
};
