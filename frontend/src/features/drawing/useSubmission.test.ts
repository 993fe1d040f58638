import { act, renderHook } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { ApiError } from "../../lib/api";
import { useSubmission, type SubmissionTarget } from "./useSubmission";

// jsdom cannot draw: the PNG export is tested in lib/canvas.test.ts.
vi.mock("../../lib/canvas", () => ({ strokesToPng: () => "data:,", strokesToSend: (strokes: unknown) => strokes }));

const target = (send = vi.fn()): SubmissionTarget<string> => ({ send, preview: vi.fn(), aspect: 1, strokesIn: "canvas" });

describe("useSubmission", () => {
  it("answers a blank canvas with blank_image without asking the server", () => {
    const send = vi.fn();
    const { result } = renderHook(() => useSubmission(target(send), vi.fn()));
    act(() => result.current.submit([], 280));
    expect(send).not.toHaveBeenCalled();
    expect(result.current.state).toMatchObject({ status: "error", error: { code: "blank_image" } });
  });

  it("shows the answer and tells the history a drawing was stored, or shows the failure", async () => {
    const onStored = vi.fn();
    const { result } = renderHook(() => useSubmission(target(), onStored));
    await act(() => result.current.settle(Promise.resolve("7")));
    expect(result.current.state).toEqual({ status: "done", result: "7" });
    expect(onStored).toHaveBeenCalledTimes(1);
    await act(() => result.current.settle(Promise.reject(new ApiError(429, "throttled", "slow down"))));
    expect(result.current.state).toMatchObject({ status: "error", error: { code: "throttled" } });
    expect(onStored).toHaveBeenCalledTimes(1);
    act(() => result.current.reset());
    expect(result.current.state).toEqual({ status: "idle" });
  });

  it("sends an unchanged drawing once, however often it is submitted, but retries a failure", async () => {
    const send = vi.fn().mockRejectedValueOnce(new ApiError(0, "network", "offline")).mockResolvedValue("7");
    const { result } = renderHook(() => useSubmission(target(send), vi.fn()));
    const drawing = [[[10, 10, 0], [40, 60, 50]] as Array<[number, number, number]>];
    await act(async () => result.current.submit(drawing, 280));
    expect(result.current.state).toMatchObject({ status: "error" });
    await act(async () => {
      result.current.submit(drawing, 280);
      result.current.submit(drawing, 280);
    });
    await act(async () => result.current.submit(structuredClone(drawing), 280));
    expect(send).toHaveBeenCalledTimes(2);
    expect(result.current.state).toEqual({ status: "done", result: "7" });
    await act(async () => result.current.submit([...drawing, [[5, 5, 90]]], 280));
    expect(send).toHaveBeenCalledTimes(3);
  });

  it("names the drawing its answer belongs to, and only while there is an answer", async () => {
    let answer: (value: string) => void = () => {};
    const send = vi.fn(() => new Promise<string>((resolve) => (answer = resolve)));
    const { result } = renderHook(() => useSubmission(target(send), vi.fn()));
    const drawing = [[[10, 10, 0], [40, 60, 50]] as Array<[number, number, number]>];
    act(() => result.current.submit(drawing, 280));
    expect(result.current.answered).toBeNull();
    await act(async () => answer("7"));
    expect(result.current.answered).toBe(drawing);
    act(() => result.current.reset());
    expect(result.current.answered).toBeNull();
  });
});
