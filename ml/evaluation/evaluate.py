"""Evaluate a checkpoint on MNIST and on canvas-simulated drawings: `python -m ml.evaluation.evaluate --help`."""

import argparse
import json
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import torch

from ml.data import default_data_dir, load_mnist
from ml.evaluation.canvas_sim import STYLES, render_on_canvas
from ml.evaluation.seed_pipeline import seed_prepare
from ml.inference import Predictor
from ml.pen.digits import cached_inputs, load_pen_digits, render_inputs, split_by_writer
from ml.pen.nondigits import KINDS, render_nondigits
from ml.pen.styles import styled
from ml.preprocess import normalise, preprocess_image
from ml.weights import SHIPPED_WEIGHTS

BATCH = 500


@dataclass
class Report:
    count: int
    accuracy: float
    per_class_accuracy: list[float]
    confusion: list[list[int]]  # rows: true digit, columns: predicted digit
    not_a_digit_share: float = 0.0  # share of these real digits the model called no digit


def make_report(probabilities: torch.Tensor, labels: torch.Tensor, not_a_digit_below: float = 0.0) -> Report:
    """Accuracy, per-digit accuracy and confusion of N×10 probabilities against labels."""
    predicted = probabilities.argmax(1)
    confusion = torch.zeros(10, 10, dtype=torch.long)
    confusion.index_put_((labels, predicted), torch.ones_like(labels), accumulate=True)
    per_class = (confusion.diag().double() / confusion.sum(1).clamp(min=1)).tolist()
    accuracy = float((predicted == labels).double().mean()) if len(labels) else 0.0
    flagged = float((probabilities.max(dim=1).values < not_a_digit_below).double().mean()) if len(labels) else 0.0
    return Report(len(labels), accuracy, per_class, confusion.tolist(), flagged)


def batched_probabilities(predictor: Predictor, images: torch.Tensor) -> torch.Tensor:
    """N×10 probabilities for N×28×28 uint8 network inputs."""
    batches = [
        predictor.probabilities(normalise(images[i : i + BATCH]).unsqueeze(1)) for i in range(0, len(images), BATCH)
    ]
    return torch.cat(batches) if batches else torch.zeros(0, 10, dtype=torch.float64)


def evaluate_mnist(predictor: Predictor, images: torch.Tensor, labels: torch.Tensor) -> Report:
    """Accuracy on uint8 MNIST images, fed to the network as they are."""
    return make_report(batched_probabilities(predictor, images), labels, predictor.not_a_digit_below)


def preprocess_tensor(data: bytes) -> torch.Tensor:
    return preprocess_image(data).tensor


def evaluate_canvas(
    predictor: Predictor,
    images: torch.Tensor,
    labels: torch.Tensor,
    *,
    samples: int,
    seed: int,
    prepare: Callable[[bytes], torch.Tensor] = preprocess_tensor,
    style: str | None = None,
) -> Report:
    """Accuracy on MNIST test digits redrawn as canvases (of `style`, else a random one each)
    and sent through `prepare`."""
    rng = np.random.default_rng(seed)
    chosen = rng.permutation(len(images))[:samples]
    probabilities = []
    for start in range(0, len(chosen), BATCH):
        batch = chosen[start : start + BATCH]
        tensors = [prepare(render_on_canvas(images[i].numpy(), rng, style=style)) for i in batch]
        probabilities.append(predictor.probabilities(torch.stack(tensors)))
    return make_report(torch.cat(probabilities), labels[torch.from_numpy(chosen)], predictor.not_a_digit_below)


PIPELINES = {"digitsite": preprocess_tensor, "seed": seed_prepare}
NONDIGIT_KINDS = sorted(KINDS)
PEN_TEST_VARIANTS = 2  # renders of each test writer's digit: two canvases, sizes and backgrounds


def evaluate_pen_writers(
    predictor: Predictor,
    *,
    pen_file: Path | None = None,
    limit: int | None = None,
    seed: int = 0,
    processes: int = 1,
) -> dict:
    """Accuracy on the real-pen test writers (ml.pen.digits.TEST_WRITERS), drawn as the page
    draws: overall, per digit, per writer, the worst of each, and the share called no digit."""
    _, samples = split_by_writer(load_pen_digits(pen_file))
    samples = samples[:limit] if limit else samples
    key = f"pen-test:{len(samples)}:{PEN_TEST_VARIANTS}:{seed}"
    images, labels = cached_inputs(
        default_data_dir() / "cache",
        key,
        lambda: render_inputs(samples, seed=seed, variants=PEN_TEST_VARIANTS, processes=processes),
    )
    writers = np.repeat(np.array([s.writer for s in samples], dtype=object), PEN_TEST_VARIANTS)
    probabilities = batched_probabilities(predictor, images)
    report = make_report(probabilities, labels, predictor.not_a_digit_below)
    right = (probabilities.argmax(1) == labels).numpy()
    per_writer = {w: float(right[writers == w].mean()) for w in sorted(set(writers), key=lambda w: (len(w), w))}
    worst_writer = min(per_writer, key=per_writer.get)
    worst_digit = int(np.argmin(report.per_class_accuracy))
    return {
        "count": report.count,
        "accuracy": report.accuracy,
        "per_digit": report.per_class_accuracy,
        "per_writer": per_writer,
        "worst_writer": {"writer": worst_writer, "accuracy": per_writer[worst_writer]},
        "worst_digit": {"digit": worst_digit, "accuracy": report.per_class_accuracy[worst_digit]},
        "not_a_digit_share": report.not_a_digit_share,
        "confusion": report.confusion,
    }


STYLED_DIGITS = ("0", "1", "7", "9")


def evaluate_pen_styles(predictor: Predictor, *, pen_file: Path | None = None, processes: int = 1) -> dict:
    """A style check beyond these writers: the test writers' 0, 1, 7 and 9 redrawn as other
    schools write them (Ø, flagged 1, crossed 7, curled 9); accuracy per digit."""
    _, samples = split_by_writer(load_pen_digits(pen_file))
    samples = [s for s in samples if s.label in STYLED_DIGITS]
    images, labels = cached_inputs(
        default_data_dir() / "cache",
        f"pen-styles:{len(samples)}",
        lambda: render_inputs(samples, seed=17, transform=styled, processes=processes),
    )
    right = batched_probabilities(predictor, images).argmax(1) == labels
    per_digit = {d: float(right[labels == int(d)].double().mean()) for d in STYLED_DIGITS}
    return {"count": len(labels), "accuracy": float(right.double().mean()), "per_digit": per_digit}


NONDIGIT_TEST_SEED = 1_000_003  # never a training seed: the test non-digits are drawn anew


def evaluate_nondigits(predictor: Predictor, *, count: int = 2000, seed: int = NONDIGIT_TEST_SEED) -> dict:
    """The share of freshly drawn non-digits the model calls no digit, overall and by kind."""
    images, kinds = cached_inputs(
        default_data_dir() / "cache", f"nondigits-test:{count}:{seed}", lambda: _nondigits_with_kinds(count, seed)
    )
    flagged = (batched_probabilities(predictor, images).max(dim=1).values < predictor.not_a_digit_below).numpy()
    names = np.array(NONDIGIT_KINDS)[kinds.numpy()]
    by_kind = {kind: float(flagged[names == kind].mean()) for kind in NONDIGIT_KINDS}
    return {"count": len(images), "flagged": float(flagged.mean()), "flagged_by_kind": by_kind}


def _nondigits_with_kinds(count: int, seed: int) -> tuple[torch.Tensor, torch.Tensor]:
    images, kinds = render_nondigits(count, seed=seed)
    return images, torch.tensor([NONDIGIT_KINDS.index(k) for k in kinds])


def plot_confusions(reports: dict[str, Report], path: Path) -> None:
    """Save the confusion matrices side by side as a PNG."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, axes = plt.subplots(1, len(reports), figsize=(6 * len(reports), 5.5))
    for axis, (title, report) in zip(np.atleast_1d(axes), reports.items(), strict=True):
        matrix = np.array(report.confusion)
        axis.imshow(np.log1p(matrix), cmap="Blues")
        for (row, col), value in np.ndenumerate(matrix):
            if value:
                axis.text(
                    col, row, str(value), ha="center", va="center", fontsize=7, color="white" if row == col else "black"
                )
        axis.set(
            title=f"{title}: {report.accuracy:.2%} of {report.count}",
            xlabel="predicted",
            ylabel="true",
            xticks=range(10),
            yticks=range(10),
        )
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=100)
    plt.close(figure)


def format_report(title: str, report: Report) -> str:
    lines = [
        f"{title}: accuracy {report.accuracy:.4%} on {report.count} images, {report.not_a_digit_share:.3%} called no digit"
    ]
    lines.append("  per class: " + "  ".join(f"{d}:{a:.3f}" for d, a in enumerate(report.per_class_accuracy)))
    lines.append("  confusion (rows true, columns predicted):")
    lines += ["    " + " ".join(f"{v:5d}" for v in row) for row in report.confusion]
    return "\n".join(lines)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__)
    add = parser.add_argument
    add("--checkpoint", type=Path, default=SHIPPED_WEIGHTS, help="checkpoint to evaluate")
    add("--data-dir", type=Path, default=None, help="MNIST folder (default: $DIGITSITE_DATA_DIR or data/)")
    add("--canvas-samples", type=int, default=10000, help="test digits redrawn as canvases (0 skips)")
    add("--seed", type=int, default=0, help="seed for choosing and drawing the canvas samples")
    add("--plot", type=Path, default=None, help="write the confusion matrices to this PNG")
    add("--json", action="store_true", help="print the results as JSON instead of text")
    add("--threads", type=int, default=2, help="CPU threads for PyTorch")
    add(
        "--pipeline",
        choices=sorted(PIPELINES),
        default="digitsite",
        help="canvas preprocessing: ours, or the seed project's whole-canvas resize (a baseline)",
    )
    add("--canvas-style", choices=STYLES, default=None, help="only this canvas style (default: all, mixed)")
    add(
        "--pen-digits",
        type=Path,
        default=None,
        help="UCI pen digits file (default: $DIGITSITE_PEN_DIGITS or data/pen-digits/)",
    )
    add("--no-pen", action="store_true", help="leave out the real-pen test writers")
    add(
        "--nondigit-samples",
        type=int,
        default=2000,
        help="freshly drawn non-digits to check 'not a digit' on (0 skips)",
    )
    return parser


def main(argv: list[str] | None = None) -> dict:
    args = build_parser().parse_args(argv)
    torch.set_num_threads(args.threads)
    predictor = Predictor.from_checkpoint(args.checkpoint)
    images, labels = load_mnist(args.data_dir or default_data_dir(), train=False)
    reports = {"mnist_test": evaluate_mnist(predictor, images, labels)}
    if args.canvas_samples:
        reports["canvas_simulation"] = evaluate_canvas(
            predictor,
            images,
            labels,
            samples=args.canvas_samples,
            seed=args.seed,
            prepare=PIPELINES[args.pipeline],
            style=args.canvas_style,
        )
    if args.plot:
        plot_confusions(reports, args.plot)
    result = {name: asdict(report) for name, report in reports.items()}
    if not args.no_pen:
        result["pen_test_writers"] = evaluate_pen_writers(predictor, pen_file=args.pen_digits, processes=args.threads)
        result["pen_test_styles"] = evaluate_pen_styles(predictor, pen_file=args.pen_digits, processes=args.threads)
    if args.nondigit_samples:
        result["nondigits"] = evaluate_nondigits(predictor, count=args.nondigit_samples)
    if args.json:
        print(json.dumps(result))
    else:
        print("\n".join(format_report(name, report) for name, report in reports.items()))
        for name in ("pen_test_writers", "pen_test_styles", "nondigits"):
            if name in result:
                shown = {k: v for k, v in result[name].items() if k != "confusion"}
                print(f"{name}: {json.dumps(shown)}")
    return result


if __name__ == "__main__":
    main()
