"""Real pen-written digits (UCI pen digits, UNIPEN): the writer split, and network inputs drawn from them.

Every drawing goes through the page's stroke drawing (ml.pen.canvas) and the one
preprocessing path (ml.preprocess), so the network sees pen digits exactly as it sees the
page's canvases.
"""

import hashlib
import multiprocessing
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch

from ml.data import default_data_dir
from ml.pen.canvas import BACKGROUNDS, Placement, draw_canvas
from ml.pen.unipen import PenSample, read_unipen
from ml.preprocess import preprocess_image

PEN_FILE_ENV = "DIGITSITE_PEN_DIGITS"
PEN_FILE_NAME = "pendigits-orig.tra"
POINTS_PER_SECOND = 10  # the UCI tablet's sampling rate (its .names file)

# The project's real-pen test writers: every fifth writer id of the 30, fixed once, never
# trained on. Every model is scored on them (ml.evaluation.evaluate), so numbers stay comparable.
TEST_WRITERS = frozenset({"5", "10", "15", "20", "25", "30"})


def default_pen_file() -> Path:
    """$DIGITSITE_PEN_DIGITS, else `<data dir>/pen-digits/pendigits-orig.tra`."""
    return Path(os.environ.get(PEN_FILE_ENV) or default_data_dir() / "pen-digits" / PEN_FILE_NAME)


def load_pen_digits(path: Path | str | None = None) -> list[PenSample]:
    """The pen digits; a missing file is an error that says where to put it."""
    path = Path(path or default_pen_file())
    if not path.is_file():
        raise FileNotFoundError(
            f"The pen digits are not at {path}: copy UCI's {PEN_FILE_NAME} there "
            f"(`make pen-digits` does from ../shared) or set {PEN_FILE_ENV}."
        )
    return [s for s in read_unipen(path, points_per_second=POINTS_PER_SECOND) if s.label.isdigit()]


def split_by_writer(
    samples: Sequence[PenSample], test_writers: frozenset[str] = TEST_WRITERS
) -> tuple[list[PenSample], list[PenSample]]:
    """(training samples, test samples): a writer is wholly on one side."""
    train = [s for s in samples if s.writer not in test_writers]
    test = [s for s in samples if s.writer in test_writers]
    return train, test


@dataclass(frozen=True)
class DrawingVariety:
    """How widely renders vary: canvas height, digit height as a share of it, and backgrounds."""

    canvas_sizes: tuple[int, ...] = (112, 168, 224, 280)
    digit_height: tuple[float, float] = (0.35, 0.85)
    backgrounds: tuple[str, ...] = BACKGROUNDS


DEFAULT_VARIETY = DrawingVariety()


def random_placement(rng: np.random.Generator, variety: DrawingVariety, aspect: float = 1.0) -> Placement:
    height = int(rng.choice(variety.canvas_sizes))
    return Placement(
        width=round(height * aspect),
        height=height,
        digit_height=float(rng.uniform(*variety.digit_height)),
        centre_x=float(rng.uniform(0.3, 0.7)),
        centre_y=float(rng.uniform(0.3, 0.7)),
    )


CHUNK = 250  # samples per worker task; each chunk has its own seed, so results ignore `processes`


def render_inputs(
    samples: Sequence[PenSample],
    *,
    seed: int,
    variants: int = 1,
    transform: Callable | None = None,
    variety: DrawingVariety = DEFAULT_VARIETY,
    processes: int = 1,
) -> tuple[torch.Tensor, torch.Tensor]:
    """(N×28×28 uint8 network inputs, N labels): each sample drawn `variants` times on a random
    canvas; `transform(strokes, label, rng)` changes the strokes first (ml.pen.styles.restyle
    for training: slant, proportions, jitter, national styles)."""
    chunks = [
        (samples[i : i + CHUNK], seed * 100_003 + i, variants, transform, variety)
        for i in range(0, len(samples), CHUNK)
    ]
    if processes > 1 and len(chunks) > 1:
        with multiprocessing.get_context("spawn").Pool(processes) as pool:
            parts = pool.starmap(_render_chunk, chunks)
    else:
        parts = [_render_chunk(*chunk) for chunk in chunks]
    if not parts:
        return torch.zeros(0, 28, 28, dtype=torch.uint8), torch.zeros(0, dtype=torch.long)
    return torch.cat([p[0] for p in parts]), torch.cat([p[1] for p in parts])


def _render_chunk(samples, seed: int, variants: int, transform: Callable | None, variety: DrawingVariety):
    rng = np.random.default_rng(seed)
    images, labels = [], []
    for sample in samples:
        for _ in range(variants):
            strokes = transform(sample.strokes, int(sample.label), rng) if transform else sample.strokes
            png, _ = draw_canvas(
                strokes, random_placement(rng, variety), background=str(rng.choice(variety.backgrounds))
            )
            images.append(np.asarray(preprocess_image(png).preview, dtype=np.uint8))
            labels.append(int(sample.label))
    if not images:
        return torch.zeros(0, 28, 28, dtype=torch.uint8), torch.zeros(0, dtype=torch.long)
    return torch.from_numpy(np.stack(images)), torch.tensor(labels, dtype=torch.long)


def cached_inputs(cache_dir: Path, key: str, make) -> tuple[torch.Tensor, torch.Tensor]:
    """make() once per key, kept as a tensor file: renders cost minutes, loading them a moment."""
    path = cache_dir / f"pen-{hashlib.sha256(key.encode()).hexdigest()[:16]}.pt"
    if path.is_file():
        saved = torch.load(path, weights_only=True)
        return saved["images"], saved["labels"]
    images, labels = make()
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    torch.save({"images": images, "labels": labels}, temporary)
    temporary.replace(path)
    return images, labels
