"""Whole numbers made of MNIST test digits, for measuring segmentation plus recognition.

Digits are cropped to their ink, scaled 0.8–1.2, shifted up or down (baseline ±3 px), and
placed side by side with a random gap (negative: touching or overlapping by a few pixels),
then the line is enlarged 3× as a canvas would hold it, either as it is (MNIST's soft grey
strokes) or redrawn with a pen's solid strokes of another width (ml/canvas_sim.py).
"""

import io

import numpy as np
from PIL import Image

from ml.canvas_sim import pen_drawn


def crop_digit(digit: np.ndarray) -> np.ndarray:
    rows = np.flatnonzero(digit.max(axis=1) > 0)
    cols = np.flatnonzero(digit.max(axis=0) > 0)
    return digit[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1].astype(np.float32) / 255.0


def compose_number(
    digits: list[np.ndarray], rng: np.random.Generator, *, gap: tuple[int, int] = (2, 8), pen_width: float | None = None
) -> bytes:
    """PNG bytes (black on white) of the given 28×28 uint8 digits written as one number;
    with `pen_width`, redrawn with a pen's solid strokes grown by that many MNIST pixels a side."""
    parts = []
    for digit in digits:
        crop = crop_digit(digit)
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
