"""Leave-writers-out: does a training recipe read writers it has never seen? `python -m ml.evaluation.cross_validate --help`

The 24 training writers (the test writers stay out) are split into folds by writer id; each
fold trains the recipe of `ml.training.train` on MNIST plus the other folds' writers and is scored on
its own writers, drawn fresh. A recipe that only memorises writers shows here.
"""

import argparse
import json

import numpy as np
import torch

from ml.data import default_data_dir
from ml.inference import Predictor
from ml.model import LeNet5, LeNet5Config
from ml.pen.digits import cached_inputs, load_pen_digits, render_inputs, split_by_writer
from ml.preprocess import normalise
from ml.training.config import parse_config
from ml.training.pen_data import DRY_RUN_SAMPLES
from ml.training.train import load_training_data, train_model


def writer_folds(writers: list[str], folds: int) -> list[list[str]]:
    """Writers (sorted by id) dealt round-robin into `folds` groups."""
    ordered = sorted(set(writers), key=lambda w: (len(w), w))
    return [ordered[i::folds] for i in range(folds)]


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--folds", type=int, default=5, help="groups of writers, each held out once")
    parser.add_argument("--only", type=int, nargs="*", default=None, help="run just these fold numbers (0-based)")
    args, rest = parser.parse_known_args(argv)
    train_args = parse_config(rest)
    torch.manual_seed(train_args.seed)
    torch.set_num_threads(train_args.threads)
    data = load_training_data(train_args)  # MNIST, the training writers' renders, the non-digits
    every, _ = split_by_writer(load_pen_digits(train_args.pen_digits))
    folds = writer_folds([s.writer for s in every], args.folds)
    samples = every[:DRY_RUN_SAMPLES] if train_args.dry_run else every  # as load_training_data rendered them
    render_writers = np.repeat([s.writer for s in samples], train_args.pen_variants)
    mnist_count = len(data.train_labels) - data.pen_train * max(1, train_args.pen_repeat)
    pen_images, pen_labels = data.train_images[mnist_count:], data.train_labels[mnist_count:]
    results = []
    for fold, held_out in enumerate(folds):
        if args.only is not None and fold not in args.only:
            continue
        keep = torch.from_numpy(np.tile(~np.isin(render_writers, held_out), max(1, train_args.pen_repeat)))
        fold_data = type(data)(**{**data.__dict__})
        fold_data.train_images = torch.cat([data.train_images[:mnist_count], pen_images[keep]])
        fold_data.train_labels = torch.cat([data.train_labels[:mnist_count], pen_labels[keep]])
        model = LeNet5(LeNet5Config())
        train_args.no_pen = True  # the fold's own scores below replace the test writers'
        metrics = train_model(model, fold_data, train_args)
        test = [s for s in every if s.writer in held_out][: DRY_RUN_SAMPLES if train_args.dry_run else None]
        images, labels = cached_inputs(
            default_data_dir() / "cache",
            f"fold-test:{len(test)}:{','.join(held_out)}",
            lambda test=test: render_inputs(test, seed=0, variants=2, processes=train_args.threads),
        )
        predictor = Predictor(model)
        predicted = predictor.probabilities(normalise(images).unsqueeze(1)).argmax(1)
        accuracy = float((predicted == labels).double().mean())
        results.append(
            {
                "fold": fold,
                "writers": held_out,
                "accuracy": accuracy,
                "count": len(labels),
                "mnist": metrics["mnist_test_accuracy"],
            }
        )
        print(json.dumps(results[-1]), flush=True)
    summary = {"folds": results, "mean_accuracy": float(np.mean([r["accuracy"] for r in results])) if results else 0.0}
    print(json.dumps({"mean_accuracy": summary["mean_accuracy"]}))
    return summary


if __name__ == "__main__":
    main()
