"""The pen writers in training: renders of the training writers and non-digits (cached), and
the test writers' scores that every trained model records."""

import argparse
from pathlib import Path

import torch

from ml.evaluation.evaluate import evaluate_pen_writers
from ml.inference import Predictor
from ml.pen.digits import cached_inputs, load_pen_digits, render_inputs, split_by_writer
from ml.pen.nondigits import render_nondigits
from ml.pen.styles import restyle

DRY_RUN_SAMPLES = 200  # pen digits and non-digits in a dry run: enough to exercise every step


def load_pen_training(
    args: argparse.Namespace, data_dir: Path
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor | None]:
    """(pen renders, their labels, non-digit renders) for training, as N×28×28 uint8."""
    cache = data_dir / "cache"
    nondigits = None
    count = min(args.nondigits, DRY_RUN_SAMPLES) if args.dry_run else args.nondigits
    if count > 0:
        nondigits, _ = cached_inputs(
            cache,
            f"nondigits:{count}:{args.seed}",
            lambda: (render_nondigits(count, seed=args.seed)[0], torch.zeros(0)),
        )
    if args.no_pen:
        return torch.zeros(0, 28, 28, dtype=torch.uint8), torch.zeros(0, dtype=torch.long), nondigits
    samples, _ = split_by_writer(load_pen_digits(args.pen_digits))
    if args.dry_run:
        samples = samples[:DRY_RUN_SAMPLES]
    key = f"pen-train:{len(samples)}:{args.pen_variants}:{args.seed}"
    images, labels = cached_inputs(
        cache,
        key,
        lambda: render_inputs(
            samples, seed=args.seed, variants=args.pen_variants, transform=restyle, processes=args.threads
        ),
    )
    return images, labels, nondigits


def pen_test_metrics(model: torch.nn.Module, args: argparse.Namespace, not_a_digit_below: float) -> dict:
    """The real-pen test writers' scores, for the checkpoint's metrics."""
    predictor = Predictor(model, {"metrics": {"not_a_digit_below": not_a_digit_below}})
    limit = DRY_RUN_SAMPLES if args.dry_run else None
    report = evaluate_pen_writers(predictor, pen_file=args.pen_digits, limit=limit, processes=args.threads)
    print(
        f"pen test writers accuracy {report['accuracy']:.4%} on {report['count']} digits, worst writer {report['worst_writer']}"
    )
    return {f"pen_test_{key}": value for key, value in report.items()}
