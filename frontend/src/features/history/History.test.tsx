import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { I18nProvider } from "../../i18n/I18n";
import type { Recognition } from "../../lib/api";
import { History } from "./History";
import type { useHistory } from "./useHistory";

const recognition = (id: number, number: number | null, position: number | null): Recognition => ({
  id,
  digit: 7,
  probabilities: Array.from({ length: 10 }, (_, d) => (d === 7 ? 0.91 : 0.01)),
  confidence: 0.91,
  uncertain: false,
  not_a_digit: false,
  number,
  position,
  model_version: "lenet5-test",
  preview: "data:image/png;base64,",
  image_url: `/api/v1/recognitions/${id}/image/`,
  created_at: "2026-12-05T10:00:00Z",
  label: null,
  label_source: "",
  drawer_not_a_digit: false,
  status: "unreviewed",
  source: "web",
});

const lone = recognition(3, null, null);
const digitOfNumber = recognition(12, 5, 1);

function renderHistory(opened: Recognition | null) {
  const history = {
    data: { count: 2, next: null, previous: null, results: [digitOfNumber, lone] },
    page: 1,
    pages: 1,
    setPage: vi.fn(),
    refresh: vi.fn(),
    imageUrl: (item: Recognition) => item.image_url,
    opened,
    open: vi.fn(),
    feedback: vi.fn(),
    remove: vi.fn().mockResolvedValue(undefined),
    deleted: null,
    error: null,
  } as ReturnType<typeof useHistory>;
  render(
    <I18nProvider>
      <History history={history} renderOpened={() => <p>answer and feedback</p>} />
    </I18nProvider>,
  );
  return history;
}

describe("History", () => {
  it("says which number a digit's card belongs to, and nothing on a lone drawing's", () => {
    renderHistory(null);
    const [numberCard, loneCard] = screen.getAllByTestId("history-item");
    expect(numberCard).toHaveTextContent("Digit 2 of number #5");
    expect(loneCard).not.toHaveTextContent("of number");
  });

  it("opens a number's digit with its feedback, and deletes the whole number after naming it", async () => {
    const history = renderHistory(digitOfNumber);
    const dialog = screen.getByRole("dialog", { hidden: true });
    expect(within(dialog).getByText("answer and feedback")).toBeInTheDocument();
    expect(within(dialog).getByText("Digit 2 of number #5")).toBeInTheDocument();
    await userEvent.click(within(dialog).getByRole("button", { name: "Delete the whole number #5", hidden: true }));
    expect(history.remove).not.toHaveBeenCalled();
    expect(within(dialog).getByText("Delete number #5 and all its digits for good?")).toBeInTheDocument();
    await userEvent.click(within(dialog).getByRole("button", { name: "Yes, delete", hidden: true }));
    expect(history.remove).toHaveBeenCalledWith({ kind: "number", id: 5, digit: 2 });
  });

  it("deletes a lone drawing as itself", async () => {
    const history = renderHistory(lone);
    const dialog = screen.getByRole("dialog", { hidden: true });
    await userEvent.click(within(dialog).getByRole("button", { name: "Delete this drawing", hidden: true }));
    await userEvent.click(within(dialog).getByRole("button", { name: "Yes, delete", hidden: true }));
    expect(history.remove).toHaveBeenCalledWith({ kind: "drawing", id: 3 });
  });
});
