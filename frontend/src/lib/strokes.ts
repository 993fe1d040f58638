// Pure stroke logic: what was drawn, as data. Components render it; the API receives it.

/** [x, y, t]: position in canvas CSS pixels and milliseconds since the drawing started. */
export type Point = [number, number, number];
export type Stroke = Point[];

export type StrokeAction =
  | { type: "begin"; point: Point }
  | { type: "extend"; points: Point[] }
  | { type: "undo" }
  | { type: "clear" };

/** Reducer for the list of strokes; every action returns a new list. */
export function strokesReducer(strokes: Stroke[], action: StrokeAction): Stroke[] {
  switch (action.type) {
    case "begin":
      return [...strokes, [action.point]];
    case "extend": {
      if (strokes.length === 0 || action.points.length === 0) return strokes;
      const last = strokes[strokes.length - 1];
      return [...strokes.slice(0, -1), [...last, ...action.points]];
    }
    case "undo":
      return strokes.slice(0, -1);
    case "clear":
      return [];
  }
}

/** Pen width for a square canvas of `size` px: MNIST strokes are about 1/14 of the digit box. */
export function penWidth(size: number): number {
  return Math.max(4, Math.round(size / 14));
}

/** Scale strokes drawn on a `from`-sized canvas to a `to`-sized one (time is kept). */
export function scaleStrokes(strokes: Stroke[], from: number, to: number): Stroke[] {
  const k = to / from;
  return strokes.map((stroke) => stroke.map(([x, y, t]) => [x * k, y * k, t] as Point));
}

/** Round coordinates to 0.1 px so the JSON sent to the API stays small. */
export function compactStrokes(strokes: Stroke[]): Stroke[] {
  const r = (v: number) => Math.round(v * 10) / 10;
  return strokes.map((stroke) => stroke.map(([x, y, t]) => [r(x), r(y), Math.round(t)] as Point));
}
