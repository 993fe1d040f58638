import { decode } from "fast-png";
import { describe, expect, it } from "vitest";
import { EXPORT_SIZE, renderStrokes, strokesToPng, strokesToSend, type CanvasLike, type Pen } from "./canvas";

/** A pen that records every call, standing in for a canvas 2D context. */
function recordingPen() {
  const calls: Array<[string, ...number[]]> = [];
  const record =
    (name: string) =>
    (...args: number[]) =>
      void calls.push([name, ...args]);
  const pen = {
    beginPath: record("beginPath"),
    moveTo: record("moveTo"),
    lineTo: record("lineTo"),
    quadraticCurveTo: record("quadraticCurveTo"),
    arc: record("arc"),
    stroke: record("stroke"),
    fill: record("fill"),
    clearRect: record("clearRect"),
    fillRect: record("fillRect"),
    lineWidth: 1,
    lineCap: "butt",
    lineJoin: "miter",
    strokeStyle: "",
    fillStyle: "",
  } as unknown as Pen;
  return { pen, calls };
}

describe("renderStrokes", () => {
  it("joins samples with curves through their midpoints, with round caps and joins", () => {
    const { pen, calls } = recordingPen();
    renderStrokes(pen, [[[0, 0, 0], [10, 0, 1], [10, 10, 2]]], 8, "#000");
    expect(calls).toEqual([
      ["beginPath"],
      ["moveTo", 0, 0],
      ["quadraticCurveTo", 10, 0, 10, 5],
      ["lineTo", 10, 10],
      ["stroke"],
    ]);
    expect([pen.lineWidth, pen.lineCap, pen.lineJoin]).toEqual([8, "round", "round"]);
  });

  it("draws a tap as a dot of the pen's width", () => {
    const { pen, calls } = recordingPen();
    renderStrokes(pen, [[[5, 6, 0]]], 8, "#000");
    expect(calls).toEqual([["beginPath"], ["arc", 5, 6, 4, 0, Math.PI * 2], ["fill"]]);
  });
});

describe("strokesToPng", () => {
  it("renders black on white at the export size, scaled from the drawn size, as a PNG data URL", () => {
    const { pen, calls } = recordingPen();
    const canvas: CanvasLike & { type?: string } = {
      width: 0,
      height: 0,
      getContext: () => pen,
      toDataURL(type: string) {
        this.type = type;
        return "data:image/png;base64,AAAA";
      },
    };
    const url = strokesToPng([[[0, 0, 0], [140, 140, 1]]], 140, () => canvas);
    expect(url).toBe("data:image/png;base64,AAAA");
    expect(canvas.type).toBe("image/png");
    expect([canvas.width, canvas.height]).toEqual([EXPORT_SIZE, EXPORT_SIZE]);
    expect(calls[0]).toEqual(["fillRect", 0, 0, EXPORT_SIZE, EXPORT_SIZE]);
    expect(calls).toContainEqual(["lineTo", 280, 280]);
    expect(pen.strokeStyle).toBe("#000000");
    expect(pen.lineWidth).toBe(20);
  });

  it("exports a wide number canvas at the same height, and the same pen, as a digit", () => {
    const { pen, calls } = recordingPen();
    const canvas: CanvasLike = { width: 0, height: 0, getContext: () => pen, toDataURL: () => "data:," };
    strokesToPng([[[0, 0, 0], [600, 200, 1]]], 600, () => canvas, 3);
    expect([canvas.width, canvas.height]).toEqual([3 * EXPORT_SIZE, EXPORT_SIZE]);
    expect(calls[0]).toEqual(["fillRect", 0, 0, 3 * EXPORT_SIZE, EXPORT_SIZE]);
    expect(calls).toContainEqual(["lineTo", 840, 280]);
    expect(pen.lineWidth).toBe(20);
  });

  /** A canvas whose context can give its pixels: `pixel(i)` is the RGBA of pixel i. */
  function canvasWithPixels(pixel: (index: number) => [number, number, number, number]) {
    const { pen } = recordingPen();
    pen.getImageData = (_x: number, _y: number, width: number, height: number) => {
      const data = new Uint8ClampedArray(width * height * 4);
      for (let i = 0; i < width * height; i++) data.set(pixel(i), i * 4);
      return { data };
    };
    const canvas: CanvasLike = { width: 0, height: 0, getContext: () => pen, toDataURL: () => "data:browser-png" };
    return canvas;
  }

  it("sends opaque grey pixels as a one-channel PNG holding exactly those pixels", () => {
    const level = (i: number) => (i * 7) % 256;
    const canvas = canvasWithPixels((i) => [level(i), level(i), level(i), 255]);
    const url = strokesToPng([[[0, 0, 0], [140, 140, 1]]], 140, () => canvas);
    expect(url.startsWith("data:image/png;base64,")).toBe(true);
    const png = decode(Uint8Array.from(atob(url.split(",")[1]), (c) => c.charCodeAt(0)));
    expect([png.width, png.height, png.channels, png.depth]).toEqual([EXPORT_SIZE, EXPORT_SIZE, 1, 8]);
    expect(Array.from(png.data)).toEqual(Array.from({ length: EXPORT_SIZE * EXPORT_SIZE }, (_, i) => level(i)));
  });

  it("leaves any pixel that is not opaque grey to the browser's own PNG", () => {
    const tinted = canvasWithPixels((i) => (i === 500 ? [10, 20, 10, 255] : [255, 255, 255, 255]));
    expect(strokesToPng([[[0, 0, 0]]], 140, () => tinted)).toBe("data:browser-png");
    const seeThrough = canvasWithPixels((i) => (i === 7 ? [0, 0, 0, 128] : [255, 255, 255, 255]));
    expect(strokesToPng([[[0, 0, 0]]], 140, () => seeThrough)).toBe("data:browser-png");
  });

  it("refuses a canvas without a 2D context", () => {
    const canvas = { width: 0, height: 0, getContext: () => null, toDataURL: () => "" };
    expect(() => strokesToPng([], 100, () => canvas)).toThrow(/cannot draw/);
  });
});

describe("strokesToSend", () => {
  it("keeps a digit's strokes in canvas pixels and puts a number's in the image's, rounded", () => {
    const strokes = [[[10.04, 20.06, 7.4]]] as Parameters<typeof strokesToSend>[0];
    expect(strokesToSend(strokes, 140, 1, "canvas")).toEqual([[[10, 20.1, 7]]]);
    // A number canvas 420 px wide becomes an image 3 × 280 = 840 px wide: twice the size.
    expect(strokesToSend(strokes, 420, 3, "image")).toEqual([[[20.1, 40.1, 7]]]);
  });
});
