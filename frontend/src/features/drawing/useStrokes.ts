import { useCallback, useReducer, useRef } from "react";
import { strokesReducer, type Point } from "../../lib/strokes";

/** The strokes of the current drawing and the actions that change them. */
export function useStrokes() {
  const [strokes, dispatch] = useReducer(strokesReducer, []);
  const startedAt = useRef<number | null>(null);
  const stamp = useCallback((x: number, y: number): Point => {
    const now = performance.now();
    startedAt.current ??= now;
    return [x, y, now - startedAt.current];
  }, []);
  return {
    strokes,
    begin: useCallback((x: number, y: number) => dispatch({ type: "begin", point: stamp(x, y) }), [stamp]),
    extend: useCallback(
      (points: Array<[number, number]>) => dispatch({ type: "extend", points: points.map(([x, y]) => stamp(x, y)) }),
      [stamp],
    ),
    undo: useCallback(() => dispatch({ type: "undo" }), []),
    clear: useCallback(() => {
      startedAt.current = null;
      dispatch({ type: "clear" });
    }, []),
  };
}
