"""Train the piece classifier (ml/numbers/pieces.py): `python -m ml.training.train_pieces --help`.

Examples come from MNIST's training digits, each scaled and stretched: ONE_DIGIT is a digit
alone, or cut out of a touching pair with up to a few columns of its neighbour (what a good
cut leaves); SEVERAL is two digits touching or overlapping by up to 4 px; FRAGMENT is one side
of a digit cut somewhere across its middle (what a bad cut leaves). 40% of examples are
redrawn with a pen's solid strokes, thinner or thicker, as the canvas simulation draws
(ml/evaluation/canvas_sim.py), and 20% with broader soft strokes. Test examples are made the same way
from MNIST's test digits.
"""

import argparse
import time
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image
from scipy import ndimage

from ml.checkpoint import save_checkpoint
from ml.data import default_data_dir, load_mnist
from ml.evaluation.canvas_sim import PEN_WIDTH_CHANGE, pen_drawn
from ml.model import PieceNet
from ml.numbers.pieces import FRAGMENT, ONE_DIGIT, SEVERAL, piece_field
from ml.preprocess import crop_to_ink
from ml.weights import PIECE_WEIGHTS

PEN_SCALE = 3  # pen-drawn examples are enlarged first, as a canvas holds digits larger than MNIST


def _digit(image: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A digit cropped to its ink, scaled 0.8–1.2 and stretched to 0.85–1.4 of its width."""
    crop = crop_to_ink(image).astype(np.float32) / 255.0
    scale = rng.uniform(0.8, 1.2)
    size = (max(1, round(crop.shape[1] * scale * rng.uniform(0.85, 1.4))), max(1, round(crop.shape[0] * scale)))
    return np.asarray(Image.fromarray(crop, mode="F").resize(size, Image.Resampling.BILINEAR))


def _pair(left: np.ndarray, right: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, int]:
    """Two digits side by side, touching or overlapping by up to 4 px, baselines ±3 px apart;
    and the column where the right one starts."""
    start = max(left.shape[1] // 2, left.shape[1] + int(rng.integers(-4, 1)))  # a narrow 1 is not swallowed
    height = max(left.shape[0], right.shape[0]) + 6
    line = np.zeros((height, max(left.shape[1], start + right.shape[1])), dtype=np.float32)
    for part, x in ((left, 0), (right, start)):
        top = min(max((height - part.shape[0]) // 2 + int(rng.integers(-3, 4)), 0), height - part.shape[0])
        region = line[top : top + part.shape[0], x : x + part.shape[1]]
        np.maximum(region, part, out=region)
    return line, start


def _example(kind: int, images: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    first, second = (_digit(images[i], rng) for i in rng.integers(0, len(images), 2))
    if kind == SEVERAL:
        ink = _pair(first, second, rng)[0]
    elif kind == FRAGMENT:
        cut = max(1, int(first.shape[1] * rng.uniform(0.25, 0.75)))
        ink = first[:, :cut] if rng.random() < 0.5 else first[:, cut:]
    elif rng.random() < 0.5:  # ONE_DIGIT alone
        ink = first
    else:  # ONE_DIGIT cut out of a touching pair, a few columns of the neighbour included
        line, start = _pair(first, second, rng)
        if rng.random() < 0.5:
            ink = line[:, : first.shape[1] + int(rng.integers(0, 4))]
        else:
            ink = line[:, max(0, start - int(rng.integers(0, 4))) :]
    style = rng.random()
    if style < 0.4:  # drawn with a pen on a canvas: solid strokes, thinner or thicker
        ink = pen_drawn(ink, PEN_SCALE, rng.uniform(*PEN_WIDTH_CHANGE))
    elif style < 0.6:  # a broader soft pen
        ink = ndimage.grey_dilation(ink, size=(2, 2))
    if not (ink > 0.1).any():
        return _example(kind, images, rng)
    return piece_field(np.where(ink > 0.1, ink, 0.0))


def make_examples(images: np.ndarray, count: int, seed: int) -> tuple[torch.Tensor, torch.Tensor]:
    """`count` examples of each kind: N×1×28×56 fields and their kinds."""
    rng = np.random.default_rng(seed)
    kinds = np.repeat([FRAGMENT, ONE_DIGIT, SEVERAL], count)
    fields = np.stack([_example(int(kind), images, rng) for kind in kinds])
    return torch.from_numpy(fields).unsqueeze(1), torch.from_numpy(kinds).long()


def accuracy_by_kind(model: PieceNet, fields: torch.Tensor, kinds: torch.Tensor) -> dict[str, float]:
    model.eval()
    with torch.inference_mode():
        predicted = torch.cat([model(batch).argmax(1) for batch in fields.split(1024)])
    names = {FRAGMENT: "fragment", ONE_DIGIT: "one_digit", SEVERAL: "several"}
    return {name: float((predicted[kinds == kind] == kind).float().mean()) for kind, name in names.items()}


def main(argv: list[str] | None = None) -> dict[str, float]:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--data-dir", type=Path, default=None, help="MNIST folder (default: $DIGITSITE_DATA_DIR or data/)"
    )
    parser.add_argument("--out", type=Path, default=PIECE_WEIGHTS, help="checkpoint to write")
    parser.add_argument("--examples", type=int, default=40000, help="training examples of each kind")
    parser.add_argument("--epochs", type=int, default=6)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args(argv)
    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    data_dir = args.data_dir or default_data_dir()
    started = time.perf_counter()
    train_x, train_y = make_examples(load_mnist(data_dir, train=True)[0].numpy(), args.examples, args.seed)
    test_x, test_y = make_examples(
        load_mnist(data_dir, train=False)[0].numpy(), max(args.examples // 10, 10), args.seed + 1
    )
    print(f"{len(train_y)} training and {len(test_y)} test examples in {time.perf_counter() - started:.0f} s")
    model = PieceNet()
    optimiser = torch.optim.AdamW(model.parameters(), lr=2e-3, weight_decay=1e-4)
    steps = args.epochs * ((len(train_y) + 255) // 256)
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimiser, max_lr=2e-3, total_steps=steps)
    generator = torch.Generator().manual_seed(args.seed)
    for epoch in range(args.epochs):
        model.train()
        for batch in torch.randperm(len(train_y), generator=generator).split(256):
            optimiser.zero_grad()
            F.cross_entropy(model(train_x[batch]), train_y[batch]).backward()
            optimiser.step()
            schedule.step()
        print(f"epoch {epoch + 1}: test accuracy {accuracy_by_kind(model, test_x, test_y)}")
    metrics = accuracy_by_kind(model, test_x, test_y)
    train_config = {k: str(v) if isinstance(v, Path) else v for k, v in vars(args).items()}
    digest = save_checkpoint(args.out, model, name="pieces", metrics=metrics, train_config=train_config)
    print(f"wrote {args.out} (content hash {digest[:12]}) in {time.perf_counter() - started:.0f} s: {metrics}")
    return metrics


if __name__ == "__main__":
    main()
