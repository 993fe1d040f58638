"""A candidate model version against the active one, on the same data, before it serves anyone."""

from dataclasses import dataclass, field

import numpy as np
import torch
from django.core.cache import cache

from ml.data import default_data_dir, load_mnist
from ml.evaluation.evaluate import evaluate_mnist, evaluate_pen_writers
from ml.inference import Predictor
from ml.preprocess import normalise
from recognizer.models import Drawing, ModelVersion
from recognizer.reading.active_model import load_predictor
from recognizer.reading.content import pixels, split_of

CACHE_SECONDS = 600
BATCH = 1000


@dataclass(frozen=True)
class Score:
    """Accuracy on one test set, always with its size."""

    name: str
    count: int
    baseline: float | None
    candidate: float | None

    @property
    def difference(self) -> float | None:
        return None if self.baseline is None or self.candidate is None else self.candidate - self.baseline


@dataclass(frozen=True)
class Change:
    drawing_id: int
    label: int
    split: str
    baseline: int  # the active version's answer
    candidate: int

    @property
    def kind(self) -> str:
        if self.candidate == self.label:
            return "fixed"
        return "broken" if self.baseline == self.label else "still wrong"


@dataclass(frozen=True)
class Comparison:
    candidate: ModelVersion
    baseline: ModelVersion
    scores: list[Score]
    changes: list[Change] = field(default_factory=list)

    def score(self, name: str) -> Score:
        return next(s for s in self.scores if s.name == name)

    @property
    def worse_on_held_out(self) -> bool:
        """The candidate reads fewer held-out reviewed drawings right than the active version."""
        difference = self.score(HELD_OUT).difference
        return difference is not None and difference < 0

    def of_kind(self, kind: str) -> list[Change]:
        return [c for c in self.changes if c.kind == kind]


MNIST = "MNIST test set"
PEN = "real-pen test writers (6 people no version trains on)"
HELD_OUT = "held-out reviewed drawings (test split)"
REVIEWED = "all reviewed drawings (train and test split)"


def _predict(predictor: Predictor, images: torch.Tensor) -> torch.Tensor:
    batches = [
        predictor.probabilities(normalise(images[i : i + BATCH]).unsqueeze(1)).argmax(1)
        for i in range(0, len(images), BATCH)
    ]
    return torch.cat(batches) if batches else torch.zeros(0, dtype=torch.long)


def _reviewed_drawings() -> tuple[list[int], torch.Tensor, torch.Tensor, list[str]]:
    """Every staff-reviewed drawing with a label: ids, uint8 images, labels, splits."""
    rows = (
        Drawing.objects.filter(status__in=[Drawing.Status.CONFIRMED, Drawing.Status.CORRECTED], label__isnull=False)
        .order_by("id")
        .values_list("id", "label", "input_sha256", "preview_png")
    )
    ids, labels, splits, images = [], [], [], []
    for pk, label, digest, preview in rows.iterator(chunk_size=2000):
        ids.append(pk)
        labels.append(label)
        splits.append(split_of(digest))
        images.append(np.frombuffer(pixels(preview), dtype=np.uint8).reshape(28, 28))
    tensor = torch.from_numpy(np.stack(images)) if images else torch.zeros(0, 28, 28, dtype=torch.uint8)
    return ids, tensor, torch.tensor(labels, dtype=torch.long), splits


def _accuracy(predicted: torch.Tensor, labels: torch.Tensor) -> float | None:
    return float((predicted == labels).double().mean()) if len(labels) else None


def compare(candidate: ModelVersion, baseline: ModelVersion) -> Comparison:
    """Both versions on MNIST's 10,000 test digits and on the reviewed drawings (cached a few minutes)."""
    key = f"comparison:{candidate.sha256}:{baseline.sha256}:{_reviewed_state()}"
    cached = cache.get(key)
    if cached is not None:
        return Comparison(candidate, baseline, cached["scores"], cached["changes"])
    predictors = {"baseline": load_predictor(baseline), "candidate": load_predictor(candidate)}
    images, labels = load_mnist(default_data_dir(), train=False)
    mnist = {k: evaluate_mnist(p, images, labels).accuracy for k, p in predictors.items()}
    scores = [Score(MNIST, len(labels), mnist["baseline"], mnist["candidate"])]
    scores += _pen_writers(predictors)

    ids, drawings, truth, splits = _reviewed_drawings()
    answers = {k: _predict(p, drawings) for k, p in predictors.items()}
    test = torch.tensor([s == "test" for s in splits], dtype=torch.bool)
    for name, mask in ((HELD_OUT, test), (REVIEWED, torch.ones_like(test))):
        scores.append(
            Score(
                name,
                int(mask.sum()),
                _accuracy(answers["baseline"][mask], truth[mask]),
                _accuracy(answers["candidate"][mask], truth[mask]),
            )
        )
    differ = (answers["baseline"] != answers["candidate"]).nonzero().flatten().tolist()
    changes = [
        Change(ids[i], int(truth[i]), splits[i], int(answers["baseline"][i]), int(answers["candidate"][i]))
        for i in differ
    ]
    cache.set(key, {"scores": scores, "changes": changes}, CACHE_SECONDS)
    return Comparison(candidate, baseline, scores, changes)


def _pen_writers(predictors: dict[str, Predictor]) -> list[Score]:
    """Both on the real-pen test writers (ml.evaluation.evaluate), when the pen digits file is on this machine."""
    try:
        reports = {k: evaluate_pen_writers(p) for k, p in predictors.items()}
    except FileNotFoundError:  # `make pen-digits` puts the file in place
        return [Score(f"{PEN}: not measured, the pen digits file is missing", 0, None, None)]
    return [
        Score(PEN, reports["candidate"]["count"], reports["baseline"]["accuracy"], reports["candidate"]["accuracy"])
    ]


def _reviewed_state() -> str:
    """Changes whenever a review changes (count and the latest review time), so the cache never goes stale."""
    from django.db.models import Count, Max

    reviewed = Drawing.objects.exclude(status=Drawing.Status.UNREVIEWED)
    state = reviewed.aggregate(n=Count("id"), last=Max("reviewed_at"))
    return f"{state['n']}:{state['last'].isoformat() if state['last'] else ''}"
