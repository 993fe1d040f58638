"""One hash of everything preprocessing gives on the canvas-simulation set, to show a speed-up
changed no pixel.

The set is `python -m ml.evaluation.evaluate`'s canvas simulation (MNIST test digits redrawn
on 280×280 canvases in the three styles, the same seed and order). Each drawing goes through
`ml.preprocess.preprocess_image`; the 784 grey levels of every result are hashed in order.
`--save` keeps the grey levels (.npy); `--compare` reports the largest per-pixel difference
against such a file, for a change that is meant to differ by at most one grey level.

Run: `.venv/bin/python -m bench.preprocess_hash` (run it before and after a change).
"""

import argparse
import hashlib

import numpy as np

from ml.data import default_data_dir, load_mnist
from ml.evaluation.canvas_sim import render_on_canvas
from ml.preprocess import preprocess_image


def canvas_previews(samples: int, seed: int) -> np.ndarray:
    """N×28×28 uint8: what the network sees for each canvas, in evaluate_canvas's order."""
    images, _ = load_mnist(default_data_dir(), train=False)
    rng = np.random.default_rng(seed)
    chosen = rng.permutation(len(images))[:samples]
    previews = np.empty((len(chosen), 28, 28), dtype=np.uint8)
    for row, index in enumerate(chosen):
        previews[row] = np.asarray(preprocess_image(render_on_canvas(images[index].numpy(), rng)).preview)
    return previews


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--samples", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--save", help="write the grey levels to this .npy file")
    parser.add_argument("--compare", help="the largest per-pixel difference from this .npy file")
    args = parser.parse_args()
    previews = canvas_previews(args.samples, args.seed)
    print(
        f"{len(previews)} canvases, SHA-256 of their network inputs: {hashlib.sha256(previews.tobytes()).hexdigest()}"
    )
    if args.save:
        np.save(args.save, previews)
    if args.compare:
        before = np.load(args.compare).astype(np.int16)
        difference = np.abs(previews.astype(np.int16) - before)
        changed = int((difference.reshape(len(previews), -1).max(axis=1) > 0).sum())
        print(f"largest difference {int(difference.max())} grey levels; {changed} of {len(previews)} inputs differ")


if __name__ == "__main__":
    main()
