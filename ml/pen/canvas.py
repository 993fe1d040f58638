"""Draw pen trajectories exactly the way the drawing page draws strokes, as PNG canvases.

The page (frontend/src/lib/canvas.ts) exports a drawing EXPORT_SIZE px high on white with a pen
`penWidth(EXPORT_SIZE)` wide, round caps and joins, and smooths each stroke into quadratic
curves through the midpoints of its samples; a one-point stroke is a dot. `stroke_path` and
`draw_strokes` are that, drawn by Skia, the rasteriser behind Chromium's canvas, so the
anti-aliased edges are the browser's own.
"""

import base64
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import skia
from PIL import Image

EXPORT_SIZE = 280  # the page's exported canvas height (canvas.ts)
BACKGROUNDS = ("white", "transparent")


def pen_width(size: float) -> int:
    """The page's pen width for a canvas `size` px high (strokes.ts penWidth)."""
    return max(4, round(size / 14))


def stroke_path(stroke: Sequence[Sequence[float]]) -> skia.Path:
    """The path the page strokes for one list of [x, y, ...] samples: quadratic curves through
    the midpoints, then a line to the last sample (canvas.ts renderStrokes)."""
    path = skia.Path()
    path.moveTo(stroke[0][0], stroke[0][1])
    for (x, y, *_), (nx, ny, *_) in zip(stroke[1:-1], stroke[2:], strict=True):
        path.quadTo(x, y, (x + nx) / 2, (y + ny) / 2)
    path.lineTo(stroke[-1][0], stroke[-1][1])
    return path


def draw_strokes(strokes: Sequence[Sequence[Sequence[float]]], width: int, height: int, pen: float) -> np.ndarray:
    """Ink coverage 0..1 (height×width float32) of the strokes drawn with a round pen `pen` px
    wide, by Skia (Chromium's own 2D canvas rasteriser) with the page's settings."""
    surface = skia.Surface(width, height)
    canvas = surface.getCanvas()
    canvas.clear(skia.ColorTRANSPARENT)
    line = skia.Paint(
        AntiAlias=True,
        Style=skia.Paint.kStroke_Style,
        StrokeWidth=pen,
        StrokeCap=skia.Paint.kRound_Cap,
        StrokeJoin=skia.Paint.kRound_Join,
        Color=skia.ColorBLACK,
    )
    dot = skia.Paint(AntiAlias=True, Style=skia.Paint.kFill_Style, Color=skia.ColorBLACK)
    for stroke in strokes:
        if len(stroke) == 1:  # a tap: the page fills a circle as wide as the pen
            canvas.drawCircle(stroke[0][0], stroke[0][1], pen / 2, dot)
        elif stroke:
            canvas.drawPath(stroke_path(stroke), line)
    alpha = surface.makeImageSnapshot().toarray(colorType=skia.kAlpha_8_ColorType)
    return alpha.reshape(height, width).astype(np.float32) / 255.0


def encode_png(ink: np.ndarray, background: str = "white") -> bytes:
    """Black ink on white (what the page sends), or on a transparent canvas (other clients)."""
    level = np.clip(np.rint(ink * 255.0), 0, 255).astype(np.uint8)
    if background == "white":
        image = Image.fromarray(255 - level, mode="L")
    elif background == "transparent":
        rgba = np.zeros((*level.shape, 4), dtype=np.uint8)
        rgba[..., 3] = level
        image = Image.fromarray(rgba, mode="RGBA")
    else:
        raise ValueError(f"background must be one of {BACKGROUNDS}")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", compress_level=1)  # lossless at any level; 1 is the fastest that shrinks
    return buffer.getvalue()


@dataclass(frozen=True)
class Placement:
    """Where a trajectory lands on a canvas: the canvas, the digit's height as a share of the
    canvas height, and the digit's centre as shares of the canvas's width and height."""

    width: int = EXPORT_SIZE
    height: int = EXPORT_SIZE
    digit_height: float = 0.6
    centre_x: float = 0.5
    centre_y: float = 0.5


def place_strokes(
    strokes: Sequence[Sequence[Sequence[float]]], placement: Placement, *, y_up: bool = True
) -> list[list[list[float]]]:
    """Trajectories (any units) scaled and moved onto a canvas, in its pixels as [x, y, t]
    with the page's rounding (compactStrokes: 0.1 px, whole ms); `y_up` flips tablet y."""
    points = np.asarray([p[:2] for stroke in strokes for p in stroke], dtype=np.float64)
    low, high = points.min(axis=0), points.max(axis=0)
    size = high - low
    scale = placement.digit_height * placement.height / max(size[0], size[1], 1e-9)
    centre = (low + high) / 2
    # The centre is moved in where the digit would leave the canvas.
    half = size * scale / 2
    canvas = np.array([placement.width, placement.height], dtype=np.float64)
    wanted = np.array([placement.centre_x, placement.centre_y]) * canvas
    target = np.clip(wanted, np.minimum(half, canvas / 2), np.maximum(canvas - half, canvas / 2))
    placed = []
    for stroke in strokes:
        out = []
        for point in stroke:
            x = (point[0] - centre[0]) * scale + target[0]
            dy = (point[1] - centre[1]) * scale
            y = target[1] - dy if y_up else target[1] + dy
            t = point[2] if len(point) > 2 else 0.0
            out.append([round(x, 1), round(y, 1), round(t)])
        placed.append(out)
    return placed


def draw_canvas(
    strokes: Sequence[Sequence[Sequence[float]]], placement: Placement, *, background: str = "white", y_up: bool = True
) -> tuple[bytes, list[list[list[float]]]]:
    """A trajectory drawn as the page would: (PNG bytes, the strokes in the page's JSON form)."""
    placed = place_strokes(strokes, placement, y_up=y_up)
    ink = draw_strokes(placed, placement.width, placement.height, pen_width(placement.height))
    return encode_png(ink, background), placed


def compare_with_page(request: dict) -> dict:
    """How far the page's own PNG (a number request: `image_data` and `strokes` in the image's
    pixels) is from these strokes drawn here: grey levels 0-255, over the whole image."""
    data = base64.b64decode(request["image_data"].split(",", 1)[-1])
    page = Image.open(io.BytesIO(data)).convert("L")
    page_ink = (255.0 - np.asarray(page, dtype=np.float32)) / 255.0
    height, width = page_ink.shape
    ours = draw_strokes(request["strokes"], width, height, pen_width(height))
    difference = np.abs(page_ink - ours) * 255.0
    return {
        "size": [width, height],
        "mean_abs_difference": float(difference.mean()),
        "share_within_8_levels": float((difference <= 8).mean()),
        "ink_ratio": float(ours.sum() / max(page_ink.sum(), 1e-9)),
    }


def main(argv: list[str] | None = None) -> dict:
    """`python -m ml.pen.canvas REQUEST.json`: compare a page request's PNG with our drawing."""
    import argparse
    import json

    parser = argparse.ArgumentParser(description=compare_with_page.__doc__)
    parser.add_argument("request", type=Path, help="JSON body the page sent to POST /api/v1/numbers/")
    args = parser.parse_args(argv)
    result = compare_with_page(json.loads(args.request.read_text()))
    print(json.dumps(result))
    return result


if __name__ == "__main__":
    main()
