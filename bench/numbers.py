"""Whole-number reading on generated numbers: whole-number, segmentation and per-digit accuracy.

Numbers are MNIST test digits side by side (ml/evaluation/number_sim.py): "gaps" leaves 2–8 px between
digits at MNIST scale, "touching" -3 to +4 px (touching and overlapping). The reading is
`ml/numbers.read_number`, as `POST /api/v1/numbers/` runs it (no strokes: generated numbers
have none), with its mean time per number on one thread.

Style "writers" writes each number with one real-pen test writer's digits (ml.pen.digits) on
the page's 3:1 number canvas, drawn as the page draws, strokes sent as the page sends them;
"gaps" leaves 0.08–0.3 canvas heights between digits, "touching" -0.04 to +0.04, "mixed"
-0.04 to +0.3 (varied gaps, about one in eight touching: issue 16's acceptance row). Its last
"alone" columns read the same digits alone, each on its own canvas: a number must read each
digit at least that well. "per digit" counts every digit of a number cut into the wrong number
of digits as wrong, so it holds segmentation's losses too; "cut right" compares like with
like: the digits of the numbers cut into the right number of digits, read in their number and
read alone.

Run: `.venv/bin/python -m bench.numbers --numbers 1000`
"""

import argparse
import time

import numpy as np
import torch

from ml.data import default_data_dir, load_mnist
from ml.evaluation.number_sim import compose_number, compose_pen_number
from ml.inference import Predictor
from ml.numbers.reader import read_number
from ml.pen.canvas import Placement, draw_canvas
from ml.pen.digits import load_pen_digits, split_by_writer
from ml.weights import SHIPPED_WEIGHTS

LAYOUTS = {"gaps": (2, 8), "touching": (-3, 4)}
# "pen": redrawn with solid strokes, each side grown by -0.35 to +1.0 MNIST pixels: a wider
# range than the piece classifier's training examples (up to +0.6), to see it generalise.
PEN_WIDTHS = (-0.35, 1.0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--numbers", type=int, default=1000, help="numbers per length and layout")
    parser.add_argument("--lengths", type=int, nargs="+", default=[2, 3, 5, 8], help="digits per number")
    parser.add_argument(
        "--styles",
        nargs="+",
        default=["mnist", "pen", "writers"],
        choices=["mnist", "pen", "writers"],
        help="stroke styles",
    )
    parser.add_argument("--checkpoint", default=str(SHIPPED_WEIGHTS), help="digit model to read with")
    args = parser.parse_args()
    torch.set_num_threads(1)  # as in the web processes
    predictor = Predictor.from_checkpoint(args.checkpoint)
    images, labels = load_mnist(default_data_dir(), train=False)
    print(
        f"{'style':<7} {'layout':<9} {'digits':>6} {'whole':>7} {'segmented':>10} {'per digit':>10} {'ms/number':>10}"
        f" {'alone':>7} {'cut right: in number':>20} {'alone':>7}"
    )
    writers = _writers_by_id() if "writers" in args.styles else {}
    rows = [
        (style, layout, length)
        for style in args.styles
        for layout in (WRITER_GAPS if style == "writers" else LAYOUTS)
        for length in args.lengths
    ]
    for style, layout, length in rows:
        if style == "writers":
            _writer_row(predictor, writers, layout, length, args.numbers)
            continue
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
            f"{style:<7} {layout:<9} {length:>6} {whole / n:7.3f} {segmented / n:10.3f} "
            f"{digits_right / (n * length):10.4f} {1000 * seconds / n:10.1f}"
        )


WRITER_GAPS = {"gaps": (0.08, 0.3), "touching": (-0.04, 0.04), "mixed": (-0.04, 0.3)}
WRITER_SEEDS = {"gaps": 700, "touching": 750, "mixed": 725}


def _writers_by_id() -> dict[str, list]:
    _, test = split_by_writer(load_pen_digits())
    writers: dict[str, list] = {}
    for sample in test:
        writers.setdefault(sample.writer, []).append(sample)
    return writers


def _writer_row(predictor: Predictor, writers: dict[str, list], layout: str, length: int, count: int) -> None:
    """One row of numbers written by the real-pen test writers (one writer per number)."""
    rng = np.random.default_rng(WRITER_SEEDS[layout] + length)
    ids = sorted(writers)
    whole = segmented = digits_right = alone_right = cut_alone_right = 0
    seconds = 0.0
    for _ in range(count):
        own = writers[ids[int(rng.integers(len(ids)))]]
        digits = [own[int(i)] for i in rng.integers(0, len(own), length)]
        png, strokes = compose_pen_number(digits, rng, gap=WRITER_GAPS[layout])
        started = time.perf_counter()
        text = read_number(predictor, png, strokes=strokes).text
        seconds += time.perf_counter() - started
        truth = "".join(d.label for d in digits)
        whole += text == truth
        alone = [predictor.predict([draw_canvas(d.strokes, Placement())[0]])[0].digit for d in digits]
        alone_hits = sum(str(a) == t for a, t in zip(alone, truth, strict=True))
        alone_right += alone_hits
        if len(text) == length:
            segmented += 1
            digits_right += sum(a == b for a, b in zip(text, truth, strict=True))
            cut_alone_right += alone_hits
    n = count
    print(
        f"{'writers':<7} {layout:<9} {length:>6} {whole / n:7.3f} {segmented / n:10.3f} "
        f"{digits_right / (n * length):10.4f} {1000 * seconds / n:10.1f} {alone_right / (n * length):7.4f}"
        f" {digits_right / max(segmented * length, 1):20.4f} {cut_alone_right / max(segmented * length, 1):7.4f}"
    )


if __name__ == "__main__":
    main()
