"""Evaluate a checkpoint on MNIST and on canvas-simulated drawings: `python -m ml.evaluate --help`."""

import argparse
import json
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import torch

from ml.canvas_sim import STYLES, render_on_canvas
from ml.data import PROJECT_ROOT, default_data_dir, load_mnist
from ml.inference import Predictor
from ml.preprocess import normalise, preprocess_image
from ml.seed_pipeline import seed_prepare

SHIPPED_WEIGHTS = PROJECT_ROOT / "ml" / "weights" / "lenet5.pt"
BATCH = 500


@dataclass
class Report:
    count: int
    accuracy: float
    per_class_accuracy: list[float]
    confusion: list[list[int]]  # rows: true digit, columns: predicted digit


def make_report(predicted: torch.Tensor, labels: torch.Tensor) -> Report:
    confusion = torch.zeros(10, 10, dtype=torch.long)
    confusion.index_put_((labels, predicted), torch.ones_like(labels), accumulate=True)
    per_class = (confusion.diag().double() / confusion.sum(1).clamp(min=1)).tolist()
    accuracy = float((predicted == labels).double().mean()) if len(labels) else 0.0
    return Report(len(labels), accuracy, per_class, confusion.tolist())


def evaluate_mnist(predictor: Predictor, images: torch.Tensor, labels: torch.Tensor) -> Report:
    """Accuracy on uint8 MNIST images, fed to the network as they are."""
    predicted = torch.cat(
        [
            predictor.probabilities(normalise(images[i : i + BATCH]).unsqueeze(1)).argmax(1)
            for i in range(0, len(images), BATCH)
        ]
    )
    return make_report(predicted, labels)


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
    predicted = []
    for start in range(0, len(chosen), BATCH):
        batch = chosen[start : start + BATCH]
        tensors = [prepare(render_on_canvas(images[i].numpy(), rng, style=style)) for i in batch]
        predicted.append(predictor.probabilities(torch.stack(tensors)).argmax(1))
    return make_report(torch.cat(predicted), labels[torch.from_numpy(chosen)])


PIPELINES = {"digitsite": preprocess_tensor, "seed": seed_prepare}


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
    lines = [f"{title}: accuracy {report.accuracy:.4%} on {report.count} images"]
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
    if args.json:
        print(json.dumps(result))
    else:
        print("\n".join(format_report(name, report) for name, report in reports.items()))
    return result


if __name__ == "__main__":
    main()
