import { act, renderHook } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import type { Belonging } from "../history/belonging";
import { useForgetDeleted } from "./useForgetDeleted";
import { useSubmission, type SubmissionTarget } from "./useSubmission";

vi.mock("../../lib/canvas", () => ({ strokesToPng: () => "data:,", strokesToSend: (strokes: unknown) => strokes }));

type Stored = { id: number };
const target: SubmissionTarget<Stored> = { send: vi.fn(), preview: vi.fn(), aspect: 1, strokesIn: "canvas" };

function useWorkspace(deleted: Belonging | null, kind: Belonging["kind"]) {
  const submission = useSubmission(target, vi.fn());
  useForgetDeleted(submission, deleted, kind);
  return submission;
}

describe("useForgetDeleted", () => {
  it("drops the answer shown when its drawing is deleted elsewhere, and only then", async () => {
    let deleted: Belonging | null = null;
    const { result, rerender } = renderHook(() => useWorkspace(deleted, "drawing"));
    await act(() => result.current.settle(Promise.resolve({ id: 7 })));
    deleted = { kind: "drawing", id: 8 };
    rerender();
    deleted = { kind: "number", id: 7, digit: 1 };
    rerender();
    expect(result.current.state).toEqual({ status: "done", result: { id: 7 } });
    deleted = { kind: "drawing", id: 7 };
    rerender();
    expect(result.current.state).toEqual({ status: "idle" });
  });

  it("drops a number's answer when that number is deleted", async () => {
    let deleted: Belonging | null = null;
    const { result, rerender } = renderHook(() => useWorkspace(deleted, "number"));
    await act(() => result.current.settle(Promise.resolve({ id: 3 })));
    deleted = { kind: "number", id: 3, digit: 2 };
    rerender();
    expect(result.current.state).toEqual({ status: "idle" });
  });
});
