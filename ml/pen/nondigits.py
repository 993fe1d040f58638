"""Drawings that are not digits, drawn with the page's pen: for teaching and checking "not a digit".

Taps and specks, scribbles and hatching, letters and symbols, simple Chinese characters and
shapes: what people put on a digit canvas when they are not writing a digit. Shapes that *are*
digit-like (a circle or an O, a lone vertical bar, S, Z, B, I, l, g, q, ∞) are left out on
purpose: a reader could not call them wrong. Strokes are y-up, like UNIPEN trajectories.
"""

import math
from collections.abc import Callable

import numpy as np
import torch

from ml.pen.canvas import BACKGROUNDS, draw_canvas
from ml.pen.digits import DEFAULT_VARIETY, DrawingVariety, random_placement
from ml.pen.styles import affine, jitter
from ml.preprocess import BlankImageError, preprocess_image

Template = list[list[tuple[float, float]]]  # strokes of (x, y) in a unit box, y up

LETTERS: dict[str, Template] = {
    "A": [[(0, 0), (0.5, 1), (1, 0)], [(0.25, 0.45), (0.75, 0.45)]],
    "E": [[(0.9, 1), (0, 1), (0, 0), (0.9, 0)], [(0, 0.5), (0.7, 0.5)]],
    "F": [[(0.9, 1), (0, 1), (0, 0)], [(0, 0.5), (0.7, 0.5)]],
    "H": [[(0, 1), (0, 0)], [(1, 1), (1, 0)], [(0, 0.5), (1, 0.5)]],
    "K": [[(0, 1), (0, 0)], [(0.9, 1), (0, 0.45), (0.9, 0)]],
    "M": [[(0, 0), (0, 1), (0.5, 0.35), (1, 1), (1, 0)]],
    "N": [[(0, 0), (0, 1), (1, 0), (1, 1)]],
    "R": [[(0, 0), (0, 1), (0.7, 1), (0.95, 0.85), (0.7, 0.55), (0, 0.55)], [(0.35, 0.55), (1, 0)]],
    "V": [[(0, 1), (0.5, 0), (1, 1)]],
    "W": [[(0, 1), (0.25, 0), (0.5, 0.7), (0.75, 0), (1, 1)]],
    "X": [[(0, 0), (1, 1)], [(0, 1), (1, 0)]],
    "Y": [[(0, 1), (0.5, 0.5), (1, 1)], [(0.5, 0.5), (0.5, 0)]],
    "h": [[(0, 1), (0, 0)], [(0, 0.35), (0.3, 0.55), (0.65, 0.5), (0.75, 0.3), (0.75, 0)]],
    "m": [[(0, 0), (0, 0.6), (0.25, 0.7), (0.45, 0.55), (0.5, 0)], [(0.5, 0.55), (0.75, 0.7), (1, 0.55), (1, 0)]],
    "w": [[(0, 0.7), (0.2, 0), (0.5, 0.5), (0.8, 0), (1, 0.7)]],
    "x": [[(0, 0), (0.7, 0.7)], [(0, 0.7), (0.7, 0)]],
}

SYMBOLS: dict[str, Template] = {
    "+": [[(0.5, 0), (0.5, 1)], [(0, 0.5), (1, 0.5)]],
    "=": [[(0, 0.65), (1, 0.65)], [(0, 0.35), (1, 0.35)]],
    "#": [[(0.35, 1), (0.25, 0)], [(0.75, 1), (0.65, 0)], [(0, 0.65), (1, 0.65)], [(0, 0.35), (1, 0.35)]],
    "*": [[(0.5, 0), (0.5, 1)], [(0.07, 0.25), (0.93, 0.75)], [(0.07, 0.75), (0.93, 0.25)]],
    "%": [
        [(0.1, 0), (0.9, 1)],
        [(0.15, 0.85), (0.2, 0.75), (0.15, 0.65), (0.1, 0.75), (0.15, 0.85)],
        [(0.85, 0.35), (0.9, 0.25), (0.85, 0.15), (0.8, 0.25), (0.85, 0.35)],
    ],
    "!": [[(0.5, 1), (0.5, 0.3)], [(0.5, 0.02)]],
    "?": [[(0.1, 0.75), (0.3, 1), (0.7, 1), (0.9, 0.78), (0.5, 0.5), (0.5, 0.3)], [(0.5, 0.02)]],
    "→": [[(0, 0.5), (1, 0.5)], [(0.7, 0.8), (1, 0.5), (0.7, 0.2)]],
    "↑": [[(0.5, 0), (0.5, 1)], [(0.2, 0.7), (0.5, 1), (0.8, 0.7)]],
    "✓": [[(0, 0.5), (0.35, 0), (1, 1)]],
    "♡": [[(0.5, 0), (0.05, 0.55), (0.1, 0.9), (0.3, 1), (0.5, 0.8), (0.7, 1), (0.9, 0.9), (0.95, 0.55), (0.5, 0)]],
    "☆": [[(0.5, 1), (0.2, 0), (1, 0.62), (0, 0.62), (0.8, 0), (0.5, 1)]],
    "△": [[(0.5, 1), (0, 0), (1, 0), (0.5, 1)]],
    "□": [[(0, 0), (0, 1), (1, 1), (1, 0), (0, 0)]],
    "◇": [[(0.5, 0), (0, 0.5), (0.5, 1), (1, 0.5), (0.5, 0)]],
    "~": [[(0, 0.5), (0.15, 0.65), (0.35, 0.6), (0.5, 0.45), (0.65, 0.35), (0.85, 0.4), (1, 0.55)]],
    "@": [
        [
            (0.65, 0.45),
            (0.5, 0.6),
            (0.35, 0.45),
            (0.5, 0.3),
            (0.65, 0.45),
            (0.7, 0.3),
            (0.9, 0.4),
            (0.95, 0.6),
            (0.75, 0.95),
            (0.3, 0.95),
            (0.05, 0.6),
            (0.1, 0.2),
            (0.4, 0),
            (0.8, 0.1),
        ]
    ],
}

CHINESE: dict[str, Template] = {
    "一": [[(0, 0.5), (1, 0.52)]],
    "二": [[(0.15, 0.8), (0.85, 0.82)], [(0, 0.2), (1, 0.22)]],
    "三": [[(0.1, 0.9), (0.9, 0.92)], [(0.2, 0.5), (0.8, 0.52)], [(0, 0.1), (1, 0.12)]],
    "十": [[(0, 0.55), (1, 0.57)], [(0.5, 1), (0.5, 0)]],
    "口": [[(0, 1), (0, 0)], [(0, 1), (1, 1), (1, 0)], [(0, 0.02), (1, 0.02)]],
    "日": [[(0.1, 1), (0.1, 0)], [(0.1, 1), (0.9, 1), (0.9, 0)], [(0.1, 0.5), (0.9, 0.5)], [(0.1, 0.02), (0.9, 0.02)]],
    "田": [[(0, 1), (0, 0)], [(0, 1), (1, 1), (1, 0)], [(0.5, 1), (0.5, 0)], [(0, 0.5), (1, 0.5)], [(0, 0), (1, 0)]],
    "人": [[(0.55, 1), (0.45, 0.5), (0, 0)], [(0.5, 0.55), (1, 0)]],
    "大": [[(0, 0.65), (1, 0.67)], [(0.5, 1), (0.45, 0.5), (0, 0)], [(0.5, 0.6), (1, 0)]],
    "王": [[(0.05, 1), (0.95, 1)], [(0.1, 0.5), (0.9, 0.5)], [(0.5, 1), (0.5, 0)], [(0, 0), (1, 0)]],
    "山": [[(0.5, 1), (0.5, 0)], [(0, 0.6), (0, 0), (1, 0), (1, 0.6)]],
    "中": [[(0, 0.75), (0, 0.25)], [(0, 0.75), (1, 0.75), (1, 0.25)], [(0, 0.25), (1, 0.25)], [(0.5, 1), (0.5, 0)]],
    "木": [[(0, 0.7), (1, 0.7)], [(0.5, 1), (0.5, 0)], [(0.5, 0.7), (0, 0.1)], [(0.5, 0.7), (1, 0.1)]],
    "米": [
        [(0, 0.55), (1, 0.55)],
        [(0.5, 1), (0.5, 0)],
        [(0.5, 0.55), (0, 0)],
        [(0.5, 0.55), (1, 0)],
        [(0.2, 0.95), (0.35, 0.75)],
        [(0.8, 0.95), (0.65, 0.75)],
    ],
}


def _dense(template: Template, rng: np.random.Generator) -> list[np.ndarray]:
    """Template strokes sampled every few hundredths of the box, with times, as a tablet would."""
    strokes, t = [], 0.0
    for stroke in template:
        points = np.asarray(stroke, dtype=np.float64)
        if len(points) == 1:
            out = points
        else:
            pieces = [
                np.linspace(a, b, max(2, int(np.hypot(*(b - a)) / 0.04)), endpoint=False)
                for a, b in zip(points[:-1], points[1:], strict=True)
            ]
            out = np.concatenate([*pieces, points[-1:]])
        times = t + 30.0 * np.arange(len(out))
        strokes.append(np.column_stack([out, times]))
        t = times[-1] + 200.0
    return strokes


def _taps(rng: np.random.Generator) -> list[np.ndarray]:
    """One to three taps (a tap is a one-point stroke, drawn as a dot), or a tiny wiggle."""
    taps = []
    for i in range(int(rng.integers(1, 4))):
        centre = rng.uniform(0, 1, 2)
        count = 1 if rng.random() < 0.6 else int(rng.integers(2, 5))
        taps.append(np.column_stack([centre + rng.normal(0, 0.01, (count, 2)), 300.0 * i + 20.0 * np.arange(count)]))
    return taps


def _scribble(rng: np.random.Generator) -> list[np.ndarray]:
    """A dense back-and-forth scrawl, or hatching, or a spiral."""
    kind = rng.integers(3)
    if kind == 0:
        points = np.cumsum(rng.normal(0, 0.35, (int(rng.integers(25, 50)), 2)), axis=0)
    elif kind == 1:
        rows = int(rng.integers(7, 13))
        points = np.array([(i % 2, i / rows) for i in range(rows)], dtype=np.float64)
    else:
        turns = rng.uniform(2, 4)
        angle = np.linspace(0, 2 * math.pi * turns, 60)
        radius = np.linspace(0.05, 1, 60)
        points = np.column_stack([radius * np.cos(angle), radius * np.sin(angle)])
    return [np.column_stack([points, 40.0 * np.arange(len(points))])]


def _template(table: dict[str, Template]) -> Callable[[np.random.Generator], list[np.ndarray]]:
    names = sorted(table)
    return lambda rng: _dense(table[names[int(rng.integers(len(names)))]], rng)


KINDS: dict[str, Callable[[np.random.Generator], list[np.ndarray]]] = {
    "taps": _taps,
    "scribble": _scribble,
    "letter": _template(LETTERS),
    "symbol": _template(SYMBOLS),
    "chinese": _template(CHINESE),
}


def nondigit_strokes(kind: str, rng: np.random.Generator) -> list[list]:
    """One random non-digit of `kind` (see KINDS), slanted, stretched and shaky like handwriting."""
    strokes = KINDS[kind](rng)
    if kind != "taps":
        strokes = jitter(affine(strokes, rng), rng, 1.0)
    return [s.tolist() for s in strokes]


def render_nondigits(
    count: int, *, seed: int, variety: DrawingVariety = DEFAULT_VARIETY
) -> tuple[torch.Tensor, list[str]]:
    """(count×28×28 uint8 network inputs, their kinds): non-digits through the page's pen and the
    one preprocessing path; taps get the canvas-relative size a fingertip gives."""
    rng = np.random.default_rng(seed)
    kinds = sorted(KINDS)
    images, names = [], []
    while len(images) < count:
        kind = kinds[len(images) % len(kinds)]
        placement = random_placement(rng, variety)
        if kind == "taps":  # taps stay small: spread over at most a fifth of the canvas
            placement = type(placement)(**{**placement.__dict__, "digit_height": float(rng.uniform(0.02, 0.2))})
        png, _ = draw_canvas(nondigit_strokes(kind, rng), placement, background=str(rng.choice(BACKGROUNDS)))
        try:
            images.append(np.asarray(preprocess_image(png).preview, dtype=np.uint8))
        except BlankImageError:
            continue
        names.append(kind)
    return torch.from_numpy(np.stack(images)), names
