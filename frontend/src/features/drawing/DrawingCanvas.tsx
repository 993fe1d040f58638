import { useEffect, useLayoutEffect, useRef, useState, type PointerEvent, type ReactNode } from "react";
import { renderStrokes } from "../../lib/canvas";
import { penWidth, type Stroke } from "../../lib/strokes";
import { useTheme } from "../../theme/Theme";

interface Props {
  strokes: Stroke[];
  label: string;
  onBegin: (x: number, y: number) => void;
  onExtend: (points: Array<[number, number]>) => void;
  /** The pen was lifted (or the stroke cancelled). */
  onEnd?: () => void;
  /** The canvas width in CSS pixels, reported whenever the layout changes it. */
  onResize: (width: number) => void;
  /** Width ÷ height: 1 for one digit, wider for a whole number. */
  aspect?: number;
  /** Drawn over the canvas at its size, ignoring the pointer (e.g. boxes around digits). */
  children?: ReactNode;
}

const MAX_HEIGHT = 420;
// On a short screen the canvas leaves room below it for the answer, so it is seen without scrolling.
const SCREEN_SHARE = 0.45;

/** A canvas drawn on with mouse, touch or pen (Pointer Events), sharp on high-DPI screens. */
export function DrawingCanvas({ strokes, label, onBegin, onExtend, onEnd, onResize, aspect = 1, children }: Props) {
  const wrapper = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const activePointer = useRef<number | null>(null);
  const [size, setSize] = useState(280);
  // The ink follows the theme (light ink on a dark canvas): redraw when it changes.
  const { theme } = useTheme();

  useLayoutEffect(() => {
    const element = wrapper.current;
    if (!element) return;
    const measure = () => {
      const tallest = Math.min(MAX_HEIGHT, window.innerHeight * SCREEN_SHARE);
      setSize(Math.max(160, Math.floor(Math.min(tallest * aspect, element.clientWidth))));
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, [aspect]);

  const height = Math.round(size / aspect);
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
    element.height = Math.round(height * ratio);
    pen.setTransform(ratio, 0, 0, ratio, 0, 0);
    pen.clearRect(0, 0, size, height);
    renderStrokes(pen, strokes, penWidth(height), getComputedStyle(element).color);
  }, [strokes, size, height, theme]);

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
    if (event.pointerId !== activePointer.current) return;
    activePointer.current = null;
    onEnd?.();
  };

  return (
    <div className="canvas-wrapper" ref={wrapper} style={{ maxWidth: MAX_HEIGHT * aspect }}>
      <div className="canvas-stack" style={{ width: size, height }}>
      <canvas
        ref={canvas}
        className="drawing-canvas"
        style={{ width: size, height }}
        role="img"
        aria-label={label}
        data-stroke-count={strokes.length}
        onPointerDown={down}
        onPointerMove={move}
        onPointerUp={up}
        onPointerCancel={up}
      />
      {children}
      </div>
    </div>
  );
}
