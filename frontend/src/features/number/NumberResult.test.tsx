import { render, screen, within } from "@testing-library/react";
import type { ReactElement } from "react";
import { describe, expect, it } from "vitest";
import { I18nProvider } from "../../i18n/I18n";
import { ApiError, type NumberReading } from "../../lib/api";
import { DigitBoxes, NumberResult } from "./NumberResult";

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

function renderWithI18n(element: ReactElement) {
  return render(<I18nProvider>{element}</I18nProvider>);
}

describe("NumberResult", () => {
  it("shows the number, how sure the network is, and every digit with its confidence", () => {
    renderWithI18n(<NumberResult state={{ status: "done", result: reading }} />);
    expect(screen.getByTestId("result-number")).toHaveTextContent("207");
    expect(screen.getByText(/not sure/i)).toBeInTheDocument();
    expect(screen.getByText("55% sure of every digit")).toBeInTheDocument();
    const items = within(screen.getByRole("list", { name: /each digit/i })).getAllByRole("listitem");
    expect(items.map((item) => item.textContent)).toEqual(["299%", "060%", "793%"]);
    expect(items[1]).toHaveClass("uncertain");
  });

  it("marks a digit of the number that does not look like a digit", () => {
    const odd = { ...reading, digits: reading.digits.map((d, i) => (i === 2 ? { ...d, not_a_digit: true } : d)) };
    renderWithI18n(<NumberResult state={{ status: "done", result: odd }} />);
    const items = within(screen.getByRole("list", { name: /each digit/i })).getAllByRole("listitem");
    expect(items[2]).toHaveTextContent("Not a digit");
    expect(items[2]).toHaveClass("uncertain");
    expect(items[0]).not.toHaveTextContent("Not a digit");
  });

  it("asks for a number when nothing was written, and explains too many marks", () => {
    const { unmount } = renderWithI18n(
      <NumberResult state={{ status: "error", error: new ApiError(0, "blank_image", "") }} />,
    );
    expect(screen.getByRole("alert")).toHaveTextContent("Write a number first.");
    unmount();
    renderWithI18n(<NumberResult state={{ status: "error", error: new ApiError(422, "too_many_digits", "x") }} />);
    expect(screen.getByRole("alert")).toHaveTextContent(/more than 20 separate marks/);
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
