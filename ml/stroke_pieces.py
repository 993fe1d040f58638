"""Ink pieces from the pen strokes the client recorded, when it sends them.

Connected pieces of ink cannot tell two digits that touch apart; the strokes can, because
people lift the pen between digits. Each ink pixel goes to the stroke whose path is nearest,
so a piece holds exactly the ink one stroke left. Strokes are in the submitted image's pixels.
"""

import numpy as np
from PIL import Image, ImageDraw
from scipy import ndimage

MAX_STROKES = 200


def _path_mask(stroke: list, shape: tuple[int, int], scale: float) -> np.ndarray:
    """The stroke's centre line, one pixel wide, on an image of `shape`."""
    canvas = Image.new("1", (shape[1], shape[0]), 0)
    points = [(float(p[0]) * scale, float(p[1]) * scale) for p in stroke]
    draw = ImageDraw.Draw(canvas)
    if len(points) == 1:
        draw.point(points[0], fill=1)
    else:
        draw.line(points, fill=1, width=1)
    return np.asarray(canvas, dtype=bool)


def stroke_masks(ink: np.ndarray, strokes: list | None, image_width: int) -> list[np.ndarray] | None:
    """One mask of ink pixels per stroke (strokes that left no ink are dropped), or None when
    the strokes cannot be used: missing, too many, or not matching the ink they should have
    drawn (then the caller falls back to connected pieces)."""
    if not strokes or len(strokes) > MAX_STROKES or image_width <= 0:
        return None
    drawn = ink > 0
    scale = ink.shape[1] / image_width  # the ink map may be a reduced copy of the image
    paths = [_path_mask(stroke, ink.shape, scale) for stroke in strokes if stroke]
    paths = [path for path in paths if path.any()]
    if not paths or not any((path & drawn).any() for path in paths):
        return None
    distances = np.stack([ndimage.distance_transform_edt(~path) for path in paths])
    owner = distances.argmin(axis=0)
    nearest = distances.min(axis=0)
    # Ink far from every stroke was not drawn by them (a different drawing was sent).
    reach = max(3.0, 0.08 * ink.shape[0])
    if (nearest[drawn] > reach).mean() > 0.05:
        return None
    masks = [drawn & (owner == index) for index in range(len(paths))]
    return [mask for mask in masks if mask.any()]
