import { useCallback, useEffect, useRef, useState } from "react";
import { needsSending, sameDrawing } from "../../lib/answers";
import type { Stroke } from "../../lib/strokes";

/** How long the pen stays up before the drawing is read live: short enough to feel live. */
export const LIVE_DELAY_MS = 300;

/** Read a drawing without storing it (a preview endpoint), given the strokes to read. */
export type ReadLive<P> = (strokes: Stroke[]) => Promise<P>;

/**
 * Read the drawing live while it is drawn, storing nothing: once the pen has been up for
 * LIVE_DELAY_MS, with one request in flight at a time; an answer that comes back for a
 * drawing the canvas no longer holds is dropped, and the latest drawing is read next.
 * `skip` is a drawing that needs no live reading (the one already sent to be stored).
 */
export function useLiveReading<P>(read: ReadLive<P>, strokes: Stroke[], penDown: boolean, skip: Stroke[] | null) {
  const [answer, setAnswer] = useState<{ strokes: Stroke[]; result: P } | null>(null);
  const latest = useRef(strokes);
  latest.current = strokes;
  const skipNow = useRef(skip);
  skipNow.current = skip;
  const inFlight = useRef(false);
  const queued = useRef(false);
  // Bumped by `reset`: an answer to a request sent before it is dropped.
  const generation = useRef(0);
  const answered = useRef<Stroke[] | null>(null);

  const readLatest = useCallback(() => {
    const drawing = latest.current;
    if (drawing.length === 0 || !needsSending(skipNow.current, drawing) || !needsSending(answered.current, drawing)) {
      return;
    }
    if (inFlight.current) {
      queued.current = true;
      return;
    }
    inFlight.current = true;
    const sentIn = generation.current;
    read(drawing)
      .then(
        (result) => {
          if (sentIn !== generation.current || !sameDrawing(drawing, latest.current)) return;
          answered.current = drawing;
          setAnswer({ strokes: drawing, result });
        },
        // A live reading that fails says nothing: Recognise reports the error if it persists.
        () => {},
      )
      .finally(() => {
        inFlight.current = false;
        if (queued.current) {
          queued.current = false;
          readLatest();
        }
      });
  }, [read]);

  useEffect(() => {
    if (penDown || strokes.length === 0) return;
    const timer = window.setTimeout(readLatest, LIVE_DELAY_MS);
    return () => window.clearTimeout(timer);
  }, [strokes, penDown, readLatest]);

  /** Forget the live reading (the drawing was stored, or cleared); answers on their way too. */
  const reset = useCallback(() => {
    generation.current += 1;
    answered.current = null;
    queued.current = false;
    setAnswer(null);
  }, []);

  return { answer, reset };
}
