"""Whole numbers made of MNIST test digits, for measuring segmentation plus recognition.

Digits are cropped to their ink, scaled 0.8–1.2, shifted up or down (baseline ±3 px), and
placed side by side with a random gap (negative: touching or overlapping by a few pixels),
then the line is enlarged 3× as a canvas would hold it, either as it is (MNIST's soft grey
strokes) or redrawn with a pen's solid strokes of another width (ml/evaluation/canvas_sim.py).
"""

import io

import numpy as np
from PIL import Image

from ml.evaluation.canvas_sim import pen_drawn
from ml.pen.canvas import EXPORT_SIZE, draw_strokes, encode_png, pen_width
from ml.preprocess import crop_to_ink


def compose_number(
    digits: list[np.ndarray], rng: np.random.Generator, *, gap: tuple[int, int] = (2, 8), pen_width: float | None = None
) -> bytes:
    """PNG bytes (black on white) of the given 28×28 uint8 digits written as one number;
    with `pen_width`, redrawn with a pen's solid strokes grown by that many MNIST pixels a side."""
    parts = []
    for digit in digits:
        crop = crop_to_ink(digit).astype(np.float32) / 255.0
        scale = rng.uniform(0.8, 1.2)
        size = (max(1, round(crop.shape[1] * scale)), max(1, round(crop.shape[0] * scale)))
        parts.append(np.asarray(Image.fromarray(crop, mode="F").resize(size, Image.Resampling.BILINEAR)))
    height = 48
    width = sum(p.shape[1] for p in parts) + (gap[1] + 4) * len(parts) + 16
    line = np.zeros((height, width), dtype=np.float32)
    x = 8
    for part in parts:
        top = (height - part.shape[0]) // 2 + int(rng.integers(-3, 4))
        top = min(max(top, 0), height - part.shape[0])
        region = line[top : top + part.shape[0], x : x + part.shape[1]]
        np.maximum(region, part, out=region)
        x += part.shape[1] + int(rng.integers(gap[0], gap[1] + 1))
    line = line[:, : x + 8]
    if pen_width is None:
        big = np.asarray(
            Image.fromarray(line, mode="F").resize((line.shape[1] * 3, height * 3), Image.Resampling.BILINEAR)
        )
    else:
        big = pen_drawn(line, 3, pen_width)
    pixels = 255 - np.clip(np.rint(big * 255), 0, 255).astype(np.uint8)
    buffer = io.BytesIO()
    Image.fromarray(pixels, mode="L").save(buffer, format="PNG")
    return buffer.getvalue()


def compose_pen_number(
    digits: list, rng: np.random.Generator, *, gap: tuple[float, float] = (0.08, 0.3), aspect: float = 3.0
) -> tuple[bytes, list]:
    """A number written with real pen digits (PenSamples, y up) on the page's number canvas
    (EXPORT_SIZE high, `aspect` times as wide): each digit 45–75% of the canvas high, baselines
    wandering, gaps in canvas heights (negative: the ink touches). Returns the PNG and the
    strokes in the image's pixels, as the page sends them."""
    height = EXPORT_SIZE
    width = round(height * aspect)
    size = rng.uniform(0.45, 0.75) * height
    placed, x, last_gap = [], 0.0, 0.0
    for sample in digits:
        points = np.array([p[:2] for s in sample.strokes for p in s], dtype=np.float64)
        low, high = points.min(axis=0), points.max(axis=0)
        scale = size * rng.uniform(0.9, 1.1) / max(high[1] - low[1], 1e-9)
        top = height / 2 - size / 2 + rng.uniform(-0.06, 0.06) * height
        strokes = [
            [[(p[0] - low[0]) * scale + x, top + (high[1] - p[1]) * scale, p[2]] for p in stroke]
            for stroke in sample.strokes
        ]
        placed.append(strokes)
        last_gap = rng.uniform(*gap) * height
        x += (high[0] - low[0]) * scale + last_gap
    # Fit the line into the canvas with a margin, centred. (The line ends where the last digit
    # does, before the gap drawn after it: measured otherwise, a wide last gap pushed part of
    # the last digit off the canvas.)
    span = x - last_gap
    fit = min(1.0, 0.92 * width / max(span, 1.0))
    shift_x = (width - span * fit) / 2
    centre_y = height / 2
    strokes = [
        [[round(shift_x + px * fit, 1), round(centre_y + (py - centre_y) * fit, 1), round(t)] for px, py, t in stroke]
        for digit in placed
        for stroke in digit
    ]
    ink = draw_strokes(strokes, width, height, pen_width(height))
    return encode_png(ink), strokes
