"""Inference latency (one image, a batch of 64) and training time per epoch.

Run: `.venv/bin/python -m bench.ml_speed` (add --epochs 0 to skip the training timing).
"""

import argparse
import statistics
import time

import numpy as np
import torch

from ml.data import default_data_dir, load_mnist
from ml.evaluation.canvas_sim import render_on_canvas
from ml.inference import Predictor
from ml.model import LeNet5
from ml.preprocess import preprocess_image
from ml.training.config import TrainConfig
from ml.training.train import load_training_data, train_model
from ml.weights import SHIPPED_WEIGHTS


def timed(function, repeats: int) -> list[float]:
    """Milliseconds per call, after one warm-up call."""
    function()
    samples = []
    for _ in range(repeats):
        started = time.perf_counter()
        function()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def summary(name: str, samples: list[float]) -> str:
    ordered = sorted(samples)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return f"{name:<44} p50 {statistics.median(ordered):8.2f} ms   p99 {p99:8.2f} ms   (n={len(ordered)})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=300, help="timed calls per measurement")
    parser.add_argument("--threads", type=int, default=1, help="PyTorch threads for inference (the web default is 1)")
    parser.add_argument("--epochs", type=int, default=1, help="training epochs to time (0 skips)")
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    predictor = Predictor.from_checkpoint(SHIPPED_WEIGHTS)
    images, _ = load_mnist(default_data_dir(), train=False)
    rng = np.random.default_rng(0)
    canvases = [render_on_canvas(images[i].numpy(), rng, style="transparent") for i in range(64)]
    prepared = [preprocess_image(c) for c in canvases]
    batch = torch.stack([p.tensor for p in prepared])

    print(f"torch {torch.__version__}, {args.threads} inference thread(s)")
    print(summary("preprocess one 280×280 canvas PNG", timed(lambda: preprocess_image(canvases[0]), args.repeats)))
    print(summary("network only, 1 image", timed(lambda: predictor.probabilities(batch[:1]), args.repeats)))
    print(summary("network only, batch of 64", timed(lambda: predictor.probabilities(batch), args.repeats)))
    print(summary("preprocess + network, 1 canvas", timed(lambda: predictor.predict(canvases[:1]), args.repeats)))
    print(summary("preprocess + network, 64 canvases", timed(lambda: predictor.predict(canvases), args.repeats // 10)))
    if args.epochs:
        train_args = TrainConfig(epochs=args.epochs, threads=2)
        torch.set_num_threads(2)
        metrics = train_model(LeNet5(), load_training_data(train_args), train_args)
        print(f"training: {metrics['train_seconds'] / args.epochs:.1f} s per epoch of 60,000 images (2 threads)")


if __name__ == "__main__":
    main()
