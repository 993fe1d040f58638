"""Ink pieces from the pen strokes the client recorded, when it sends them.

Connected pieces of ink cannot tell two digits that touch apart; the strokes can, because
people lift the pen between digits. Each ink pixel goes to the stroke whose path is nearest,
so a piece holds exactly the ink one stroke left. Strokes are in the submitted image's pixels.
"""

import numpy as np
from PIL import Image, ImageDraw
from scipy import ndimage

from ml.preprocess import ink_box

# Up to 20 digits of a few strokes each; beyond that (each stroke costs a whole-image mask)
# the ink alone decides.
MAX_STROKES = 60
# A pen writing 20 digits travels about 60 times the line height; strokes longer than this
# many times (width + height) of the image, once clipped, are not pen strokes of a number,
# and drawing them would only cost time (up to 20,000 segments × the image's diagonal).
MAX_PATH_LENGTH = 100


def clip_segments(points: np.ndarray, width: int, height: int) -> np.ndarray:
    """The parts of the polyline `points` (n×2) inside [0, width-1]×[0, height-1], as segments
    (m×4: x0, y0, x1, y1), by Liang–Barsky clipping.

    Drawing cost must depend on the image, not on the coordinates: unclipped, a line from
    y = 1e9 to y = -1e9 walked 2·10⁹ pixels (30 s of CPU for an 8-point stroke).
    """
    points = points[np.isfinite(points).all(axis=1)]
    if len(points) == 1:
        points = np.repeat(points, 2, axis=0)  # a dot: a segment of length 0
    start, end = points[:-1], points[1:]
    delta = end - start
    low, high = np.zeros(len(start)), np.ones(len(start))
    keep = np.ones(len(start), dtype=bool)
    limits = (width - 1, height - 1)
    for axis in (0, 1):
        for p, q in ((-delta[:, axis], start[:, axis]), (delta[:, axis], limits[axis] - start[:, axis])):
            with np.errstate(divide="ignore", invalid="ignore"):
                ratio = q / p
            keep &= ~((p == 0) & (q < 0))  # parallel to this edge and outside it
            low = np.where(p < 0, np.maximum(low, ratio), low)
            high = np.where(p > 0, np.minimum(high, ratio), high)
    keep &= low <= high
    clipped_start = start + low[:, None] * delta
    clipped_end = start + high[:, None] * delta
    return np.hstack([clipped_start, clipped_end])[keep]


def _paths(strokes: list, shape: tuple[int, int], scale: float) -> np.ndarray | None:
    """Each stroke's centre line, one pixel wide, labelled with its number (1, 2, …; 0 = none),
    clipped to the image; None when the clipped paths are longer than any pen's could be."""
    height, width = shape
    segments = []
    for stroke in strokes:
        points = np.array([p[:2] for p in stroke], dtype=np.float64).reshape(-1, 2) * scale
        segments.append(clip_segments(points, width, height) if len(points) else np.empty((0, 4)))
    length = sum(float(np.hypot(s[:, 2] - s[:, 0], s[:, 3] - s[:, 1]).sum()) for s in segments)
    if length > MAX_PATH_LENGTH * (width + height):
        return None
    canvas = Image.new("I", (width, height), 0)
    draw = ImageDraw.Draw(canvas)
    for number, lines in enumerate(segments, start=1):
        for x0, y0, x1, y1 in lines.tolist():
            draw.line([(x0, y0), (x1, y1)], fill=number, width=1)
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
    if paths is None or not (paths[drawn] > 0).any():
        return None
    # One distance transform for all strokes, however many: each pixel learns where the
    # nearest path pixel is, and so which stroke it belongs to. Only ink pixels need an answer,
    # and every path pixel lies in the box around ink and paths, so the transform runs on that
    # box alone: the same distances and owners, on the part of the canvas the writing covers.
    rows, cols = ink_box(drawn | (paths > 0))
    drawn_in_box, paths_in_box = drawn[rows, cols], paths[rows, cols]
    nearest, (near_rows, near_cols) = ndimage.distance_transform_edt(paths_in_box == 0, return_indices=True)
    owner = paths_in_box[near_rows, near_cols]
    # Ink far from every stroke was not drawn by them (a different drawing was sent).
    reach = max(3.0, 0.08 * ink.shape[0])
    if (nearest[drawn_in_box] > reach).mean() > 0.05:
        return None
    masks = []
    for number in np.unique(owner[drawn_in_box]):
        mask = np.zeros_like(drawn)
        mask[rows, cols] = drawn_in_box & (owner == number)
        masks.append(mask)
    return [mask for mask in masks if mask.any()]
