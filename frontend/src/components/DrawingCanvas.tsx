import { useEffect, useLayoutEffect, useRef, useState, type PointerEvent } from "react";
import { renderStrokes } from "../lib/canvas";
import { penWidth, type Stroke } from "../lib/strokes";

interface Props {
  strokes: Stroke[];
  label: string;
  onBegin: (x: number, y: number) => void;
  onExtend: (points: Array<[number, number]>) => void;
  /** The canvas side in CSS pixels, reported whenever the layout changes it. */
  onResize: (size: number) => void;
}

const MAX_SIDE = 420;
const DARK = "(prefers-color-scheme: dark)";

/** "dark" or "light", following the system; the ink colour changes with it. */
function useColourScheme(): string {
  const [scheme, setScheme] = useState(() => (window.matchMedia?.(DARK).matches ? "dark" : "light"));
  useEffect(() => {
    const query = window.matchMedia?.(DARK);
    const update = () => setScheme(query?.matches ? "dark" : "light");
    query?.addEventListener("change", update);
    return () => query?.removeEventListener("change", update);
  }, []);
  return scheme;
}

/** A square canvas drawn on with mouse, touch or pen (Pointer Events), sharp on high-DPI screens. */
export function DrawingCanvas({ strokes, label, onBegin, onExtend, onResize }: Props) {
  const wrapper = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const activePointer = useRef<number | null>(null);
  const [size, setSize] = useState(280);
  const scheme = useColourScheme();

  useLayoutEffect(() => {
    const element = wrapper.current;
    if (!element) return;
    const measure = () => setSize(Math.max(160, Math.min(MAX_SIDE, Math.floor(element.clientWidth))));
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    onResize(size);
  }, [size, onResize]);

  useEffect(() => {
    // Touches on the canvas are drawing, never gestures: without this the browser may treat
    // a quick stroke as a fling and swallow the next tap (e.g. on Recognise) to stop it.
    const element = canvas.current;
    const stopGesture = (event: TouchEvent) => event.preventDefault();
    element?.addEventListener("touchstart", stopGesture, { passive: false });
    return () => element?.removeEventListener("touchstart", stopGesture);
  }, []);

  useEffect(() => {
    const element = canvas.current;
    const pen = element?.getContext("2d");
    if (!element || !pen) return;
    const ratio = window.devicePixelRatio || 1;
    element.width = Math.round(size * ratio);
    element.height = Math.round(size * ratio);
    pen.setTransform(ratio, 0, 0, ratio, 0, 0);
    pen.clearRect(0, 0, size, size);
    renderStrokes(pen, strokes, penWidth(size), getComputedStyle(element).color);
  }, [strokes, size, scheme]);

  const position = (event: { clientX: number; clientY: number }): [number, number] => {
    const box = canvas.current!.getBoundingClientRect();
    return [event.clientX - box.left, event.clientY - box.top];
  };

  const down = (event: PointerEvent<HTMLCanvasElement>) => {
    if (!event.isPrimary || activePointer.current !== null) return;
    event.preventDefault();
    event.currentTarget.setPointerCapture?.(event.pointerId);
    activePointer.current = event.pointerId;
    onBegin(...position(event));
  };

  const move = (event: PointerEvent<HTMLCanvasElement>) => {
    if (event.pointerId !== activePointer.current) return;
    // Coalesced events carry every sample the device reported since the last frame.
    const samples = event.nativeEvent.getCoalescedEvents?.() ?? [];
    onExtend((samples.length ? samples : [event]).map(position));
  };

  const up = (event: PointerEvent<HTMLCanvasElement>) => {
    if (event.pointerId === activePointer.current) activePointer.current = null;
  };

  return (
    <div className="canvas-wrapper" ref={wrapper}>
      <canvas
        ref={canvas}
        className="drawing-canvas"
        style={{ width: size, height: size }}
        role="img"
        aria-label={label}
        data-stroke-count={strokes.length}
        onPointerDown={down}
        onPointerMove={move}
        onPointerUp={up}
        onPointerCancel={up}
      />
    </div>
  );
}
