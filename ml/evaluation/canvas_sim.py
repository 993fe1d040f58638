"""MNIST digits re-drawn the way a browser canvas holds a drawing, to test preprocessing.

A canvas is much larger than 28×28; the digit sits at any size and position; strokes are solid
with anti-aliased edges and vary in width; the background is white, black or transparent.
"""

import io

import numpy as np
from PIL import Image
from scipy import ndimage

from ml.preprocess import crop_to_ink

STYLES = ("black_on_white", "transparent", "white_on_black")


def _solid_strokes(ink: np.ndarray) -> np.ndarray:
    """Turn MNIST's soft grey strokes into a pen's solid strokes with anti-aliased edges."""
    return 1.0 / (1.0 + np.exp(-(ink - 0.4) * 12.0))


def _change_width(ink: np.ndarray, pixels: float) -> np.ndarray:
    """Grow (positive) or shrink (negative) strokes by about `pixels` on each side."""
    mask = ink > 0.5
    if pixels >= 0:
        outside = ndimage.distance_transform_edt(~mask)
        return np.clip(pixels + 1.0 - outside, 0.0, 1.0)
    inside = ndimage.distance_transform_edt(mask)
    thinner = np.clip(inside + pixels, 0.0, 1.0)
    # Never let thinning erase a stroke: keep the original where too little would remain.
    return thinner if thinner.sum() > 0.4 * mask.sum() else ink


# Stroke width change in MNIST pixels on each side of a ~2.5 px stroke.
PEN_WIDTH_CHANGE = (-0.35, 0.6)


def pen_drawn(ink: np.ndarray, scale: float, width_change: float) -> np.ndarray:
    """0..1 ink with MNIST's soft strokes, enlarged `scale` times and redrawn with a pen's solid
    strokes, each side grown by `width_change` MNIST pixels (negative: thinner)."""
    size = (max(1, round(ink.shape[1] * scale)), max(1, round(ink.shape[0] * scale)))
    big = np.asarray(Image.fromarray(ink.astype(np.float32), mode="F").resize(size, Image.Resampling.BICUBIC))
    return _change_width(_solid_strokes(big), width_change * scale)


def render_on_canvas(
    digit: np.ndarray, rng: np.random.Generator, *, side: int = 280, style: str | None = None
) -> bytes:
    """A 28×28 uint8 MNIST digit drawn on a side×side canvas, returned as PNG bytes."""
    crop = crop_to_ink(digit).astype(np.float32) / 255.0
    scale = rng.uniform(0.3, 0.9) * side / crop.shape[0]
    scale = min(scale, 0.95 * side / crop.shape[1])
    ink = pen_drawn(crop, scale, rng.uniform(*PEN_WIDTH_CHANGE))
    canvas = np.zeros((side, side), dtype=np.float32)
    top = int(rng.integers(0, side - ink.shape[0] + 1))
    left = int(rng.integers(0, side - ink.shape[1] + 1))
    canvas[top : top + ink.shape[0], left : left + ink.shape[1]] = ink
    return _encode(canvas, style or str(rng.choice(STYLES)))


def _encode(ink: np.ndarray, style: str) -> bytes:
    level = np.clip(np.rint(ink * 255), 0, 255).astype(np.uint8)
    if style == "black_on_white":
        image = Image.fromarray(255 - level, mode="L")
    elif style == "white_on_black":
        image = Image.fromarray(level, mode="L")
    else:  # dark pen on a transparent canvas, as an untouched HTML canvas exports
        rgba = np.zeros((*level.shape, 4), dtype=np.uint8)
        rgba[..., :3] = 20
        rgba[..., 3] = level
        image = Image.fromarray(rgba, mode="RGBA")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()
