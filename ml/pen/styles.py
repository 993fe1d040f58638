"""Trajectory distortions for training: how other people's pens differ from these 30 writers'.

Aimed at styles, not at writers: slant and proportions, hand jitter, pen speed (how densely a
tablet samples), unfinished strokes, and the national and professional styles MNIST lacks
(slashed zeros, crossed sevens, flagged and footed ones, curly-tailed nines). Coordinates are
y-up (UNIPEN's), as `PenSample.strokes` holds them.
"""

import math
from collections.abc import Sequence

import numpy as np

Strokes = list[np.ndarray]  # each stroke: K×3 (x, y, t)


def _arrays(strokes: Sequence[Sequence[Sequence[float]]]) -> Strokes:
    return [np.array([(p[0], p[1], p[2] if len(p) > 2 else 0.0) for p in s], dtype=np.float64) for s in strokes if s]


def _box(strokes: Strokes) -> tuple[np.ndarray, np.ndarray, float]:
    points = np.concatenate([s[:, :2] for s in strokes])
    low, high = points.min(axis=0), points.max(axis=0)
    return low, high, float(max(high[1] - low[1], high[0] - low[0], 1e-6))


def _line(a, b, t0: float, count: int = 6) -> np.ndarray:
    """A straight stroke from a to b, sampled as a pen would, starting at time t0."""
    steps = np.linspace(0.0, 1.0, count)[:, None]
    xy = (1 - steps) * np.asarray(a, dtype=np.float64) + steps * np.asarray(b, dtype=np.float64)
    return np.column_stack([xy, t0 + 100.0 * np.arange(count)])


def _end_time(strokes: Strokes) -> float:
    return float(max(s[-1, 2] for s in strokes)) + 150.0


def affine(strokes: Strokes, rng: np.random.Generator) -> Strokes:
    """Rotate ±10°, slant (shear) ±0.35, stretch the width 0.75-1.3×."""
    angle = math.radians(rng.uniform(-10, 10))
    shear, stretch = rng.uniform(-0.35, 0.35), rng.uniform(0.75, 1.3)
    cos, sin = math.cos(angle), math.sin(angle)
    matrix = np.array([[cos, -sin], [sin, cos]]) @ np.array([[stretch, shear], [0.0, 1.0]])
    centre = np.concatenate([s[:, :2] for s in strokes]).mean(axis=0)
    return [np.column_stack([(s[:, :2] - centre) @ matrix.T + centre, s[:, 2]]) for s in strokes]


def jitter(strokes: Strokes, rng: np.random.Generator, size: float) -> Strokes:
    """Hand tremor: a small random walk, smoothed, added along each stroke."""
    out = []
    for s in strokes:
        walk = np.cumsum(rng.normal(0.0, 0.006 * size, (len(s), 2)), axis=0)
        walk -= np.linspace(walk[0], walk[-1], len(s))  # ends stay where they were
        out.append(np.column_stack([s[:, :2] + walk + rng.normal(0, 0.003 * size, (len(s), 2)), s[:, 2]]))
    return out


def resample(strokes: Strokes, rng: np.random.Generator) -> Strokes:
    """Another pen speed: every other sample dropped (a fast or coarse tablet) or midpoints
    added (a slow or fine one); the page's smoothing then curves the path differently."""
    choice = rng.integers(3)
    out = []
    for s in strokes:
        if choice == 0 and len(s) > 6:
            s = np.concatenate([s[:-1:2], s[-1:]])
        elif choice == 1 and len(s) > 1:
            mids = (s[:-1] + s[1:]) / 2
            s = np.insert(s, np.arange(1, len(s)), mids, axis=0)
        out.append(s)
    return out


def shorten(strokes: Strokes, rng: np.random.Generator) -> Strokes:
    """A stroke that ends a little early or starts a little late (at most 8% of it)."""
    index = int(rng.integers(len(strokes)))
    s = strokes[index]
    cut = int(len(s) * rng.uniform(0.0, 0.08))
    if cut == 0 or len(s) - cut < 4:
        return strokes
    trimmed = s[cut:] if rng.random() < 0.5 else s[:-cut]
    return [*strokes[:index], trimmed, *strokes[index + 1 :]]


def national_style(strokes: Strokes, label: int, rng: np.random.Generator, *, always: bool = False) -> Strokes:
    """Add what other countries' schools teach: Ø, a crossed 7, a flag and foot on 1, a curled 9
    (each with a probability; `always`: every time, for the style check in ml.evaluation.evaluate)."""
    if always:
        rng = _AlwaysGenerator(rng)
    low, high, size = _box(strokes)
    centre = (low + high) / 2
    height = high[1] - low[1]
    t0 = _end_time(strokes)
    if label == 0 and rng.random() < 0.2:
        half = np.array([0.5 * (high[0] - low[0]), 0.6 * height]) * rng.uniform(0.8, 1.1)
        return [*strokes, _line(centre - half, centre + half, t0)]
    if label == 7 and rng.random() < 0.35:
        points = np.concatenate([s[:, :2] for s in strokes])
        middle = points[np.abs(points[:, 1] - centre[1]) < 0.12 * height]
        stem_x = float(middle[:, 0].mean()) if len(middle) else float(centre[0])
        bar = 0.22 * height * rng.uniform(0.7, 1.3)
        y = centre[1] + rng.uniform(-0.1, 0.05) * height
        tilt = rng.uniform(-0.04, 0.04) * height
        return [*strokes, _line((stem_x - bar, y - tilt), (stem_x + bar, y + tilt), t0)]
    if label == 1 and high[0] - low[0] < 0.3 * height:
        out = list(strokes)
        if rng.random() < 0.45:  # the flag, written in the same movement as the stem
            first = out[0]
            top = first[int(np.argmax(first[:, 1]))]
            length = rng.uniform(0.2, 0.4) * height
            angle = math.radians(rng.uniform(20, 50))
            start = (top[0] - length * math.cos(angle), top[1] - length * math.sin(angle))
            flag = _line(start, top[:2], first[0, 2] - 600.0)
            out[0] = np.concatenate([flag, first[int(np.argmax(first[:, 1])) :]])
        if rng.random() < 0.2:  # the foot
            foot = 0.2 * height * rng.uniform(0.8, 1.3)
            out.append(_line((centre[0] - foot, low[1]), (centre[0] + foot, low[1]), t0))
        return out
    if label == 9 and rng.random() < 0.25:
        last = strokes[-1]
        end = last[-1, :2]
        hook = [end + np.array([-0.1, -0.07]) * height, end + np.array([-0.22, -0.02]) * height]
        hook.append(end + np.array([-0.26, 0.07]) * height)
        tail = np.column_stack([np.array(hook), last[-1, 2] + 100.0 * np.arange(1, 4)])
        return [*strokes[:-1], np.concatenate([last, tail])]
    return strokes


class _AlwaysGenerator:
    """A generator whose coin flips always come up: random() is 0, everything else passes through."""

    def __init__(self, rng: np.random.Generator):
        self._rng = rng

    def random(self) -> float:
        return 0.0

    def __getattr__(self, name):
        return getattr(self._rng, name)


def styled(strokes: Sequence[Sequence[Sequence[float]]], label: int, rng: np.random.Generator) -> list[list]:
    """The digit in its national style (Ø, crossed 7, flagged 1, curled 9), nothing else changed."""
    return [s.tolist() for s in national_style(_arrays(strokes), label, rng, always=True)]


def restyle(strokes: Sequence[Sequence[Sequence[float]]], label: int, rng: np.random.Generator) -> list[list]:
    """One random training variant of a digit's strokes (y-up), in the same list form."""
    arrays = _arrays(strokes)
    arrays = national_style(arrays, label, rng)
    arrays = affine(arrays, rng)
    _, _, size = _box(arrays)
    arrays = jitter(arrays, rng, size)
    arrays = resample(arrays, rng)
    if rng.random() < 0.3:
        arrays = shorten(arrays, rng)
    return [s.tolist() for s in arrays]
