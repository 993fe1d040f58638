// Rendering strokes onto a 2D context, and exporting a drawing as a PNG data URL.
import { encode } from "fast-png";
import { compactStrokes, penWidth, scaleStrokes, type Stroke } from "./strokes";

/** The subset of CanvasRenderingContext2D the renderer uses (so tests can record calls). */
export type Pen = Pick<
  CanvasRenderingContext2D,
  "beginPath" | "moveTo" | "lineTo" | "quadraticCurveTo" | "arc" | "stroke" | "fill" | "clearRect" | "fillRect"
> & {
  lineWidth: number;
  lineCap: CanvasLineCap;
  lineJoin: CanvasLineJoin;
  strokeStyle: string | CanvasGradient | CanvasPattern;
  fillStyle: string | CanvasGradient | CanvasPattern;
  /** The pixels, when the context can give them (a real canvas can; a test's recording pen need not). */
  getImageData?(sx: number, sy: number, sw: number, sh: number): { data: Uint8ClampedArray };
};

export const EXPORT_SIZE = 280;

/**
 * Draw strokes smoothly: each stroke is a quadratic curve through the midpoints of its
 * samples, so fast movements are joined by curves, never left as gaps; a tap is a dot.
 */
export function renderStrokes(pen: Pen, strokes: Stroke[], width: number, colour: string): void {
  pen.lineWidth = width;
  pen.lineCap = "round";
  pen.lineJoin = "round";
  pen.strokeStyle = colour;
  pen.fillStyle = colour;
  for (const stroke of strokes) {
    if (stroke.length === 0) continue;
    const [x0, y0] = stroke[0];
    pen.beginPath();
    if (stroke.length === 1) {
      pen.arc(x0, y0, width / 2, 0, Math.PI * 2);
      pen.fill();
      continue;
    }
    pen.moveTo(x0, y0);
    for (let i = 1; i < stroke.length - 1; i++) {
      const [x, y] = stroke[i];
      const [nx, ny] = stroke[i + 1];
      pen.quadraticCurveTo(x, y, (x + nx) / 2, (y + ny) / 2);
    }
    const [xl, yl] = stroke[stroke.length - 1];
    pen.lineTo(xl, yl);
    pen.stroke();
  }
}

export interface CanvasLike {
  width: number;
  height: number;
  getContext(kind: "2d"): Pen | null;
  toDataURL(type: string): string;
}

/**
 * The drawing as the API wants it: black strokes on white, EXPORT_SIZE px high (and `aspect`
 * times as wide), PNG data URL, whatever the screen size, pixel density or colour theme it
 * was drawn with. `drawnOnWidth` is the on-screen canvas width in CSS pixels.
 */
export function strokesToPng(
  strokes: Stroke[],
  drawnOnWidth: number,
  createCanvas: () => CanvasLike = () => document.createElement("canvas") as unknown as CanvasLike,
  aspect = 1,
): string {
  const canvas = createCanvas();
  canvas.width = Math.round(EXPORT_SIZE * aspect);
  canvas.height = EXPORT_SIZE;
  const pen = canvas.getContext("2d");
  if (!pen) throw new Error("This browser cannot draw on a canvas.");
  pen.fillStyle = "#ffffff";
  pen.fillRect(0, 0, canvas.width, canvas.height);
  renderStrokes(pen, scaleStrokes(strokes, drawnOnWidth, canvas.width), penWidth(EXPORT_SIZE), "#000000");
  return greyPng(pen, canvas.width, canvas.height) ?? canvas.toDataURL("image/png");
}

/**
 * The drawing as a one-channel (greyscale) PNG data URL, or null unless every pixel is opaque
 * grey, as black strokes on white are (a browser that adds noise to canvas reads, against
 * fingerprinting, gets its own PNG). A browser's PNG has four channels for the same pixels:
 * the server inflates and reads four times the data, a tenth or more of its CPU per
 * recognition (docs/benchmarks.md, issue 19).
 */
function greyPng(pen: Pen, width: number, height: number): string | null {
  if (!pen.getImageData) return null;
  const rgba = pen.getImageData(0, 0, width, height).data;
  const grey = new Uint8Array(width * height);
  for (let pixel = 0, at = 0; pixel < grey.length; pixel++, at += 4) {
    const level = rgba[at];
    if (rgba[at + 1] !== level || rgba[at + 2] !== level || rgba[at + 3] !== 255) return null;
    grey[pixel] = level;
  }
  return `data:image/png;base64,${base64(encode({ width, height, data: grey, channels: 1, depth: 8 }))}`;
}

function base64(bytes: Uint8Array): string {
  let text = "";
  for (let start = 0; start < bytes.length; start += 0x8000) {
    text += String.fromCharCode(...bytes.subarray(start, start + 0x8000));
  }
  return btoa(text);
}

/** Where the strokes sent with a drawing are measured: the on-screen canvas or the PNG. */
export type StrokeSpace = "canvas" | "image";

/**
 * The strokes sent beside the PNG, rounded: in the on-screen canvas's CSS pixels, or in the
 * exported image's own pixels (the number API separates touching digits by their strokes,
 * so they must lie where the ink lies in the image).
 */
export function strokesToSend(strokes: Stroke[], drawnOnWidth: number, aspect: number, space: StrokeSpace): Stroke[] {
  if (space === "canvas") return compactStrokes(strokes);
  return compactStrokes(scaleStrokes(strokes, drawnOnWidth, Math.round(EXPORT_SIZE * aspect)));
}
