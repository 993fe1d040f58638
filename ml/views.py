"""Reading a drawing in a few views: the network's input as drawn, turned a little either way and
a little smaller and larger. Averaging the network's answers over these views makes it steadier
on handwriting than one reading: people's slant and size vary more than MNIST's, and a single
LeNet-5 has little room to learn every variation (docs/benchmarks.md, "Reading in five views")."""

import math
from functools import lru_cache

import torch
import torch.nn.functional as F

from ml.preprocess import MNIST_MEAN, MNIST_STD

# (turn in degrees, scale) of each view; the first is the input as it is.
READING_VIEWS = ((0.0, 1.0), (6.0, 1.0), (-6.0, 1.0), (0.0, 0.9), (0.0, 1.1))
SINGLE_VIEW = ((0.0, 1.0),)
_PAPER = -MNIST_MEAN / MNIST_STD  # the normalised value of blank paper


@lru_cache(maxsize=32)  # a few (view, side) pairs; the grid is read-only once made
def _sampling_grid(degrees: float, scale: float, side: int) -> torch.Tensor:
    """The 1×side×side×2 grid that turns an image by `degrees` and scales it about its centre."""
    turn = math.radians(degrees)
    cos, sin = math.cos(turn) / scale, math.sin(turn) / scale
    theta = torch.tensor([[[cos, -sin, 0.0], [sin, cos, 0.0]]])
    with torch.no_grad():
        return F.affine_grid(theta, [1, 1, side, side], align_corners=False)


@lru_cache(maxsize=8)
def _grids_of_other_views(views: tuple, side: int) -> torch.Tensor:
    """(V-1)×side×side×2: the sampling grid of every view but the first, made once (a drawing's
    reading would otherwise put them together anew each time). A normal tensor, even when first
    made while reading (in inference mode), so that any later caller may use it."""
    with torch.inference_mode(False), torch.no_grad():
        return torch.cat([_sampling_grid(d, s, side) for d, s in views[1:]])


def in_views(tensors: torch.Tensor, views=READING_VIEWS) -> torch.Tensor:
    """N×1×S×S normalised inputs -> (V·N)×1×S×S: every input in the first view (the input as it is),
    then in the second… Pixels brought in from outside the frame are paper."""
    if tuple(views) == SINGLE_VIEW:
        return tensors
    if views[0] != SINGLE_VIEW[0]:
        raise ValueError("the first view must be the input as it is")
    count, side = tensors.shape[0], tensors.shape[-1]
    # One sampling call for every other view: each input repeated once per view, each copy with its grid.
    grids = _grids_of_other_views(tuple(map(tuple, views)), side).to(tensors.dtype)
    if count > 1:
        grids = grids.repeat_interleave(count, dim=0)
    ink = (tensors - _PAPER).repeat(len(views) - 1, 1, 1, 1)  # paper is 0 here, as grid_sample pads
    moved = F.grid_sample(ink, grids, mode="bilinear", padding_mode="zeros", align_corners=False) + _PAPER
    return torch.cat([tensors, moved])


def averaged_over_views(probabilities: torch.Tensor, views) -> torch.Tensor:
    """(V·N)×C probabilities in the order in_views made them -> N×C, averaged per input."""
    return probabilities.view(len(views), -1, probabilities.shape[-1]).mean(dim=0)
