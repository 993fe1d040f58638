"""Whole-number reading on generated numbers: whole-number, segmentation and per-digit accuracy.

Numbers are MNIST test digits side by side (ml/number_sim.py): "gaps" leaves 2–8 px between
digits at MNIST scale, "touching" -3 to +4 px (touching and overlapping). The reading is
`ml/numbers.read_number`, as `POST /api/v1/numbers/` runs it (no strokes: generated numbers
have none), with its mean time per number on one thread.

Run: `.venv/bin/python -m bench.numbers --numbers 1000`
"""

import argparse
import itertools
import time

import numpy as np
import torch

from ml.data import default_data_dir, load_mnist
from ml.evaluate import SHIPPED_WEIGHTS
from ml.inference import Predictor
from ml.number_sim import compose_number
from ml.numbers import read_number

LAYOUTS = {"gaps": (2, 8), "touching": (-3, 4)}
# "pen": redrawn with solid strokes, each side grown by -0.35 to +1.0 MNIST pixels: a wider
# range than the piece classifier's training examples (up to +0.6), to see it generalise.
PEN_WIDTHS = (-0.35, 1.0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--numbers", type=int, default=1000, help="numbers per length and layout")
    parser.add_argument("--lengths", type=int, nargs="+", default=[2, 3, 5, 8], help="digits per number")
    parser.add_argument("--styles", nargs="+", default=["mnist", "pen"], choices=["mnist", "pen"], help="stroke styles")
    args = parser.parse_args()
    torch.set_num_threads(1)  # as in the web processes
    predictor = Predictor.from_checkpoint(SHIPPED_WEIGHTS)
    images, labels = load_mnist(default_data_dir(), train=False)
    print(
        f"{'style':<6} {'layout':<9} {'digits':>6} {'whole':>7} {'segmented':>10} {'per digit':>10} {'ms/number':>10}"
    )
    for style, layout, length in itertools.product(args.styles, LAYOUTS, args.lengths):
        gap = LAYOUTS[layout]
        rng = np.random.default_rng(100 + length + (400 if style == "pen" else 0))
        whole = segmented = digits_right = 0
        seconds = 0.0
        for _ in range(args.numbers):
            index = rng.integers(0, len(images), length)
            pen_width = rng.uniform(*PEN_WIDTHS) if style == "pen" else None
            number = compose_number([images[i].numpy() for i in index], rng, gap=gap, pen_width=pen_width)
            started = time.perf_counter()
            text = read_number(predictor, number).text
            seconds += time.perf_counter() - started
            truth = "".join(str(int(labels[i])) for i in index)
            whole += text == truth
            if len(text) == length:
                segmented += 1
                digits_right += sum(a == b for a, b in zip(text, truth, strict=True))
        n = args.numbers
        print(
            f"{style:<6} {layout:<9} {length:>6} {whole / n:7.3f} {segmented / n:10.3f} "
            f"{digits_right / (n * length):10.4f} {1000 * seconds / n:10.1f}"
        )


if __name__ == "__main__":
    main()
