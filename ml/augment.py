"""Batched training distortions: the ways real handwriting differs from MNIST's 60,000 digits."""

import math

import torch
import torch.nn.functional as F


def _uniform(n: int, low: float, high: float, generator: torch.Generator) -> torch.Tensor:
    return low + (high - low) * torch.rand(n, generator=generator)


def random_affine(images: torch.Tensor, generator: torch.Generator) -> torch.Tensor:
    """Rotate ±15°, scale 0.85–1.15 (aspect ±10%), shear ±0.3, shift ±2.5 px; N×1×28×28 in 0..1."""
    n = images.shape[0]
    angle = _uniform(n, -15, 15, generator) * math.pi / 180
    scale = _uniform(n, 0.85, 1.15, generator)
    aspect = _uniform(n, 0.9, 1.1, generator)
    shear = _uniform(n, -0.3, 0.3, generator)
    shift = _uniform(2 * n, -2.5, 2.5, generator).view(n, 2) / 14.0  # pixels -> grid units
    cos, sin = torch.cos(angle), torch.sin(angle)
    # theta maps output coordinates to input coordinates: rotation · shear · 1/scale.
    sx, sy = 1 / (scale * aspect), aspect / scale
    theta = torch.zeros(n, 2, 3)
    theta[:, 0, 0] = cos * sx
    theta[:, 0, 1] = (cos * shear - sin) * sy
    theta[:, 1, 0] = sin * sx
    theta[:, 1, 1] = (sin * shear + cos) * sy
    theta[:, :, 2] = shift
    grid = F.affine_grid(theta, list(images.shape), align_corners=False)
    return F.grid_sample(images, grid, padding_mode="zeros", align_corners=False)


def random_stroke_width(images: torch.Tensor, generator: torch.Generator) -> torch.Tensor:
    """Thicken or thin strokes by up to one pixel, as pens and canvas line widths differ."""
    n = images.shape[0]
    amount = _uniform(n, -0.6, 1.0, generator).view(n, 1, 1, 1)
    dilated = F.max_pool2d(images, 3, stride=1, padding=1)
    eroded = -F.max_pool2d(-images, 3, stride=1, padding=1)
    thicker = images + amount.clamp(min=0) * (dilated - images)
    return thicker - (-amount).clamp(min=0) * (images - eroded)


def augment(images: torch.Tensor, generator: torch.Generator) -> torch.Tensor:
    """All training distortions in one call; input and output are N×1×28×28 in 0..1."""
    return random_stroke_width(random_affine(images, generator), generator).clamp(0, 1)
