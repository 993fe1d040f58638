"""Ink pieces from the pen strokes the client recorded, when it sends them.

Connected pieces of ink cannot tell two digits that touch apart; the strokes can, because
people lift the pen between digits. Each ink pixel goes to the stroke whose path is nearest,
so a piece holds exactly the ink one stroke left. Strokes are in the submitted image's pixels.
"""

import numpy as np
from PIL import Image, ImageDraw
from scipy import ndimage

# Up to 20 digits of a few strokes each; beyond that (each stroke costs a whole-image mask)
# the ink alone decides.
MAX_STROKES = 60


def _paths(strokes: list, shape: tuple[int, int], scale: float) -> np.ndarray:
    """Each stroke's centre line, one pixel wide, labelled with its number (1, 2, …; 0 = none)."""
    canvas = Image.new("I", (shape[1], shape[0]), 0)
    draw = ImageDraw.Draw(canvas)
    for number, stroke in enumerate(strokes, start=1):
        points = [(float(p[0]) * scale, float(p[1]) * scale) for p in stroke]
        if len(points) == 1:
            draw.point(points[0], fill=number)
        elif points:
            draw.line(points, fill=number, width=1)
    return np.asarray(canvas)


def stroke_masks(ink: np.ndarray, strokes: list | None, image_width: int) -> list[np.ndarray] | None:
    """One mask of ink pixels per stroke (strokes that left no ink are dropped), or None when
    the strokes cannot be used: missing, too many, or not matching the ink they should have
    drawn (then the caller falls back to connected pieces)."""
    if not strokes or len(strokes) > MAX_STROKES or image_width <= 0:
        return None
    drawn = ink > 0
    scale = ink.shape[1] / image_width  # the ink map may be a reduced copy of the image
    paths = _paths(strokes, ink.shape, scale)
    if not (paths[drawn] > 0).any():
        return None
    # One distance transform for all strokes, however many: each pixel learns where the
    # nearest path pixel is, and so which stroke it belongs to.
    nearest, (rows, cols) = ndimage.distance_transform_edt(paths == 0, return_indices=True)
    owner = paths[rows, cols]
    # Ink far from every stroke was not drawn by them (a different drawing was sent).
    reach = max(3.0, 0.08 * ink.shape[0])
    if (nearest[drawn] > reach).mean() > 0.05:
        return None
    masks = [drawn & (owner == number) for number in np.unique(owner[drawn])]
    return [mask for mask in masks if mask.any()]
