import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { I18nProvider } from "../../i18n/I18n";
import { ApiError, type Recognition } from "../../lib/api";
import { ResultPanel, type DigitReading } from "./ResultPanel";

const sure: Recognition = {
  id: 12,
  digit: 7,
  probabilities: [0, 0, 0.01, 0, 0, 0, 0, 0.98, 0, 0.01],
  confidence: 0.98,
  uncertain: false,
  not_a_digit: false,
  number: null,
  position: null,
  model_version: "lenet5-test",
  preview: "data:image/png;base64,AAAA",
  image_url: "/api/v1/recognitions/12/image/",
  created_at: "2026-11-23T10:00:00Z",
  label: null,
  label_source: "",
  drawer_not_a_digit: false,
  status: "unreviewed",
  source: "web",
};

type Stored = Extract<DigitReading, { source: "stored" }>["state"];

function renderPanel(state: Stored, onFeedback = vi.fn(), stale = false) {
  render(
    <I18nProvider>
      <ResultPanel reading={{ source: "stored", state, stale }} onFeedback={onFeedback} drawingUrl={(r) => r.image_url} />
    </I18nProvider>,
  );
  return onFeedback;
}

beforeEach(() => localStorage.setItem("digitsite.language", "en"));

describe("ResultPanel", () => {
  it("shows the digit large, ten bars with percentages and the model's input", () => {
    renderPanel({ status: "done", result: sure });
    expect(screen.getByTestId("result-digit")).toHaveTextContent(/^7$/);
    expect(screen.getByText("It looks like")).toBeInTheDocument();
    const bars = within(screen.getByRole("list", { name: "Probability of each digit" })).getAllByRole("listitem");
    expect(bars).toHaveLength(10);
    expect(bars[7]).toHaveAccessibleName("Digit 7: 98.0%");
    expect(screen.getByRole("img", { name: /what the model saw/i })).toHaveAttribute("src", sure.preview);
  });

  it("links a stored answer to its stored drawing", () => {
    renderPanel({ status: "done", result: sure });
    expect(screen.getByRole("link", { name: "Stored as drawing #12" })).toHaveAttribute("href", sure.image_url);
  });

  it("marks a live reading as not stored, and offers no feedback until it is stored", () => {
    const { id: _id, image_url: _url, created_at: _at, ...preview } = sure;
    render(
      <I18nProvider>
        <ResultPanel reading={{ source: "live", result: preview, stale: false }} onFeedback={vi.fn()} drawingUrl={() => ""} />
      </I18nProvider>,
    );
    expect(screen.getByTestId("live-result")).toHaveTextContent("Live reading, not stored. Recognise keeps it.");
    expect(screen.getByTestId("result-digit")).toHaveTextContent(/^7$/);
    expect(screen.queryByRole("button", { name: /^I meant/ })).not.toBeInTheDocument();
    expect(screen.queryByRole("link")).not.toBeInTheDocument();
  });

  it("says it is not sure and names the runner-up when the answer is uncertain", () => {
    const unsure = { ...sure, digit: 4, probabilities: [0, 0, 0, 0, 0.55, 0, 0, 0, 0, 0.45], uncertain: true };
    renderPanel({ status: "done", result: unsure });
    expect(screen.getByText("Not sure — it might be")).toBeInTheDocument();
    expect(screen.getByTestId("result-digit")).toHaveTextContent("4 or 9");
  });

  it("sends the chosen digit as feedback for this drawing", async () => {
    const onFeedback = renderPanel({ status: "done", result: sure });
    await userEvent.click(screen.getByRole("button", { name: "I meant 1" }));
    expect(onFeedback).toHaveBeenCalledWith(12, { label: 1 });
  });

  it("answers that a drawing is not a digit instead of naming one, and takes that as feedback", async () => {
    const onFeedback = renderPanel({ status: "done", result: { ...sure, not_a_digit: true } });
    expect(screen.getByTestId("result-not-a-digit")).toHaveTextContent("That doesn't look like a digit");
    expect(screen.queryByTestId("result-digit")).not.toBeInTheDocument();
    expect(screen.getAllByTestId("probability-bar")).toHaveLength(10);
    await userEvent.click(screen.getByRole("button", { name: "Not a digit" }));
    expect(onFeedback).toHaveBeenCalledWith(12, { not_a_digit: true });
  });

  it("thanks the drawer who said it is not a digit", () => {
    renderPanel({ status: "done", result: { ...sure, drawer_not_a_digit: true, label_source: "drawer" } });
    expect(screen.getByRole("status")).toHaveTextContent("Thanks! Saved as not a digit.");
    expect(screen.getByRole("button", { name: "Not a digit" })).toHaveAttribute("aria-pressed", "true");
  });

  it("cannot label a drawing that changed since its answer", () => {
    renderPanel({ status: "done", result: sure }, vi.fn(), true);
    for (const button of screen.getAllByRole("button", { name: /^I meant/ })) expect(button).toBeDisabled();
  });

  it("thanks the drawer once a label is stored", () => {
    renderPanel({ status: "done", result: { ...sure, label: 1, label_source: "drawer" } });
    expect(screen.getByRole("status")).toHaveTextContent("Thanks! Saved as 1.");
    expect(screen.getByRole("button", { name: "I meant 1" })).toHaveAttribute("aria-pressed", "true");
  });

  it("explains errors in plain words", () => {
    renderPanel({ status: "error", error: new ApiError(422, "blank_image", "Nothing is drawn on the image.") });
    expect(screen.getByRole("alert")).toHaveTextContent("Draw a digit first.");
  });

  it("passes other API messages through", () => {
    renderPanel({ status: "error", error: new ApiError(415, "not_an_image", "The data is not a readable image.") });
    expect(screen.getByRole("alert")).toHaveTextContent("Something went wrong: The data is not a readable image.");
  });
});
