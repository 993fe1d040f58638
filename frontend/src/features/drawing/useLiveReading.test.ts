import { act, renderHook } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Stroke } from "../../lib/strokes";
import { LIVE_DELAY_MS, useLiveReading } from "./useLiveReading";

const one: Stroke[] = [[[10, 10, 0], [10, 60, 40]]];
const seven: Stroke[] = [[[10, 10, 0], [50, 10, 30], [25, 60, 80]]];
const sevenAndBar: Stroke[] = [...seven, [[15, 35, 120], [40, 35, 150]]];

/** A read whose answers the test gives, one request at a time, in order. */
function pendingReads() {
  const waiting: Array<{ strokes: Stroke[]; answer: (value: string) => void }> = [];
  const read = vi.fn(
    (strokes: Stroke[]) => new Promise<string>((resolve) => waiting.push({ strokes, answer: resolve })),
  );
  return { read, waiting };
}

type Props = { strokes: Stroke[]; penDown: boolean; skip: Stroke[] | null };

function renderLive(read: (strokes: Stroke[]) => Promise<string>, initial: Props) {
  return renderHook((props: Props) => useLiveReading(read, props.strokes, props.penDown, props.skip), {
    initialProps: initial,
  });
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe("useLiveReading", () => {
  it("reads the drawing once the pen has been up a moment, not while it is down", async () => {
    const { read, waiting } = pendingReads();
    const { result, rerender } = renderLive(read, { strokes: seven, penDown: true, skip: null });
    await act(() => vi.advanceTimersByTimeAsync(LIVE_DELAY_MS * 3));
    expect(read).not.toHaveBeenCalled();
    rerender({ strokes: seven, penDown: false, skip: null });
    await act(() => vi.advanceTimersByTimeAsync(LIVE_DELAY_MS - 1));
    expect(read).not.toHaveBeenCalled();
    await act(() => vi.advanceTimersByTimeAsync(1));
    expect(read).toHaveBeenCalledTimes(1);
    await act(async () => waiting[0].answer("7"));
    expect(result.current.answer).toEqual({ strokes: seven, result: "7" });
  });

  it("drops an answer for a drawing the canvas no longer holds, and reads the new one next", async () => {
    const { read, waiting } = pendingReads();
    const { result, rerender } = renderLive(read, { strokes: seven, penDown: false, skip: null });
    await act(() => vi.advanceTimersByTimeAsync(LIVE_DELAY_MS));
    rerender({ strokes: sevenAndBar, penDown: false, skip: null });
    await act(() => vi.advanceTimersByTimeAsync(LIVE_DELAY_MS));
    // One request in flight at a time: the new drawing waits for the old answer.
    expect(read).toHaveBeenCalledTimes(1);
    await act(async () => waiting[0].answer("7"));
    expect(result.current.answer).toBeNull();
    expect(read).toHaveBeenCalledTimes(2);
    expect(read).toHaveBeenLastCalledWith(sevenAndBar);
    await act(async () => waiting[1].answer("7 with a bar"));
    expect(result.current.answer).toEqual({ strokes: sevenAndBar, result: "7 with a bar" });
  });

  it("never reads the drawing already sent to be stored, nor one it has just read", async () => {
    const { read, waiting } = pendingReads();
    const { rerender } = renderLive(read, { strokes: seven, penDown: false, skip: seven });
    await act(() => vi.advanceTimersByTimeAsync(LIVE_DELAY_MS * 2));
    expect(read).not.toHaveBeenCalled();
    rerender({ strokes: one, penDown: false, skip: seven });
    await act(() => vi.advanceTimersByTimeAsync(LIVE_DELAY_MS));
    await act(async () => waiting[0].answer("1"));
    // A pen put down and lifted without a new point: the same drawing, not read again.
    rerender({ strokes: one, penDown: true, skip: seven });
    rerender({ strokes: one, penDown: false, skip: seven });
    await act(() => vi.advanceTimersByTimeAsync(LIVE_DELAY_MS * 2));
    expect(read).toHaveBeenCalledTimes(1);
  });

  it("forgets the live reading on reset, and drops an answer still on its way", async () => {
    const { read, waiting } = pendingReads();
    const { result } = renderLive(read, { strokes: seven, penDown: false, skip: null });
    await act(() => vi.advanceTimersByTimeAsync(LIVE_DELAY_MS));
    act(() => result.current.reset());
    await act(async () => waiting[0].answer("7"));
    expect(result.current.answer).toBeNull();
  });

  it("says nothing when a live reading fails, and reads the drawing again once it changes", async () => {
    const read = vi.fn().mockRejectedValueOnce(new Error("throttled")).mockResolvedValue("1");
    const { result, rerender } = renderLive(read, { strokes: seven, penDown: false, skip: null });
    await act(() => vi.advanceTimersByTimeAsync(LIVE_DELAY_MS));
    expect(result.current.answer).toBeNull();
    rerender({ strokes: one, penDown: false, skip: null });
    await act(() => vi.advanceTimersByTimeAsync(LIVE_DELAY_MS));
    expect(result.current.answer).toEqual({ strokes: one, result: "1" });
  });
});
