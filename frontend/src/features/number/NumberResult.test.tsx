import { render, screen, within } from "@testing-library/react";
import type { ReactElement } from "react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { I18nProvider } from "../../i18n/I18n";
import { ApiError, type NumberReading } from "../../lib/api";
import { DigitBoxes, NumberResult, type NumberAnswer } from "./NumberResult";

const digit = (id: number, position: number, value: number, confidence: number, left: number) => ({
  id,
  position,
  digit: value,
  probabilities: Array.from({ length: 10 }, (_, d) => (d === value ? confidence : (1 - confidence) / 9)),
  confidence,
  uncertain: confidence < 0.7,
  not_a_digit: false,
  box: { left, top: 40, right: left + 120, bottom: 240 },
});

const reading: NumberReading = {
  id: 5,
  number: "207",
  confidence: 0.55,
  uncertain: true,
  digits: [digit(11, 0, 2, 0.99, 30), digit(12, 1, 0, 0.6, 300), digit(13, 2, 7, 0.93, 560)],
  width: 840,
  height: 280,
  model_version: "lenet5-test",
  created_at: "2026-11-23T10:00:00Z",
};

const stored = (result: NumberReading, stale = false): NumberAnswer => ({
  source: "stored",
  state: { status: "done", result },
  stale,
});

function renderWithI18n(element: ReactElement) {
  return render(<I18nProvider>{element}</I18nProvider>);
}

describe("NumberResult", () => {
  it("shows the number, how sure the network is, and every digit with its confidence", () => {
    renderWithI18n(<NumberResult reading={stored(reading)} />);
    expect(screen.getByTestId("result-number")).toHaveTextContent("207");
    expect(screen.getByText(/not sure/i)).toBeInTheDocument();
    // Each digit's own confidence, never the product (55%) said of every digit.
    expect(screen.queryByText(/55%/)).not.toBeInTheDocument();
    const items = within(screen.getByRole("list", { name: /each digit/i })).getAllByRole("listitem");
    expect(items.map((item) => item.textContent)).toEqual(["299%", "060%", "793%"]);
    expect(items[1]).toHaveClass("uncertain");
  });

  it("marks a digit of the number that does not look like a digit", () => {
    const odd = { ...reading, digits: reading.digits.map((d, i) => (i === 2 ? { ...d, not_a_digit: true } : d)) };
    renderWithI18n(<NumberResult reading={stored(odd)} />);
    const items = within(screen.getByRole("list", { name: /each digit/i })).getAllByRole("listitem");
    expect(items[2]).toHaveTextContent("Not a digit");
    expect(items[2]).toHaveClass("uncertain");
    expect(items[0]).not.toHaveTextContent("Not a digit");
  });

  it("asks for a number when nothing was written, and explains too many marks", () => {
    const { unmount } = renderWithI18n(
      <NumberResult reading={{ source: "stored", state: { status: "error", error: new ApiError(0, "blank_image", "") }, stale: false }} />,
    );
    expect(screen.getByRole("alert")).toHaveTextContent("Write a number first.");
    unmount();
    renderWithI18n(<NumberResult
        reading={{ source: "stored", state: { status: "error", error: new ApiError(422, "too_many_digits", "x") }, stale: false }}
      />);
    expect(screen.getByRole("alert")).toHaveTextContent(/more than 20 separate marks/);
  });
});

describe("correcting a digit of a number", () => {
  it("sends the feedback for the tapped digit's own drawing, and shows what was said", async () => {
    const onCorrect = vi.fn(() => Promise.resolve());
    const { rerender } = renderWithI18n(<NumberResult reading={stored(reading)} onCorrect={onCorrect} />);
    await userEvent.click(screen.getByRole("button", { name: "Digit 2, read as 0: correct it" }));
    await userEvent.click(within(screen.getByRole("group", { name: "Digit 2 is really:" })).getByRole("button", { name: "I meant 6" }));
    expect(onCorrect).toHaveBeenCalledWith(12, { label: 6 });
    rerender(
      <I18nProvider>
        <NumberResult reading={stored(reading)} onCorrect={onCorrect} corrections={new Map([[12, { label: 6 }]])} />
      </I18nProvider>,
    );
    expect(screen.getAllByRole("listitem")[1]).toHaveTextContent("you said 6");
  });

  it("cannot correct a live reading or a number whose drawing changed since", () => {
    const { id: _id, created_at: _at, ...rest } = reading;
    const live = { ...rest, digits: reading.digits.map(({ id: _digitId, ...digit }) => digit) };
    const { unmount } = renderWithI18n(
      <NumberResult reading={{ source: "live", result: live, stale: false }} onCorrect={vi.fn()} />,
    );
    expect(screen.getByTestId("live-result")).toHaveTextContent("Live reading, not stored.");
    expect(screen.queryByRole("button")).not.toBeInTheDocument();
    unmount();
    renderWithI18n(<NumberResult reading={stored(reading, true)} onCorrect={vi.fn()} onDelete={vi.fn()} />);
    expect(screen.queryByRole("button")).not.toBeInTheDocument();
  });

  it("deletes a stored number only after asking", async () => {
    const onDelete = vi.fn(() => Promise.resolve());
    renderWithI18n(<NumberResult reading={stored(reading)} onDelete={onDelete} />);
    await userEvent.click(screen.getByRole("button", { name: "Delete this number" }));
    expect(onDelete).not.toHaveBeenCalled();
    await userEvent.click(screen.getByRole("button", { name: "Yes, delete" }));
    expect(onDelete).toHaveBeenCalledWith(5);
  });
});

describe("DigitBoxes", () => {
  it("draws one box per digit in the image's own pixel coordinates", () => {
    renderWithI18n(<DigitBoxes reading={reading} />);
    const svg = screen.getByTestId("digit-boxes");
    expect(svg.getAttribute("viewBox")).toBe("0 0 840 280");
    const boxes = svg.querySelectorAll("rect");
    expect(boxes).toHaveLength(3);
    expect([boxes[1].getAttribute("x"), boxes[1].getAttribute("width")]).toEqual(["300", "120"]);
    expect(svg.querySelectorAll(".digit-box.uncertain")).toHaveLength(1);
  });
});
