"""Batched training distortions: the ways real handwriting differs from MNIST's 60,000 digits."""

import math

import torch
import torch.nn.functional as F


def _uniform(n: int, low: float, high: float, generator: torch.Generator) -> torch.Tensor:
    return low + (high - low) * torch.rand(n, generator=generator)


def random_affine(images: torch.Tensor, generator: torch.Generator, strength: float = 1.0) -> torch.Tensor:
    """At strength 1: rotate ±15°, scale ±15% (aspect ±10%), shear ±0.3, shift ±2.5 px."""
    n, s = images.shape[0], strength
    angle = _uniform(n, -15 * s, 15 * s, generator) * math.pi / 180
    scale = _uniform(n, 1 - 0.15 * s, 1 + 0.15 * s, generator)
    aspect = _uniform(n, 1 - 0.1 * s, 1 + 0.1 * s, generator)
    shear = _uniform(n, -0.3 * s, 0.3 * s, generator)
    shift = _uniform(2 * n, -2.5 * s, 2.5 * s, generator).view(n, 2) / 14.0  # pixels -> grid units
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


def random_stroke_width(images: torch.Tensor, generator: torch.Generator, strength: float = 1.0) -> torch.Tensor:
    """Thicken or thin strokes by up to a pixel at strength 1, as pens and line widths differ."""
    n = images.shape[0]
    amount = _uniform(n, -0.6 * strength, 1.0 * strength, generator).view(n, 1, 1, 1)
    dilated = F.max_pool2d(images, 3, stride=1, padding=1)
    eroded = -F.max_pool2d(-images, 3, stride=1, padding=1)
    thicker = images + amount.clamp(min=0) * (dilated - images)
    return thicker - (-amount).clamp(min=0) * (images - eroded)


def augment(images: torch.Tensor, generator: torch.Generator, strength: float = 1.0) -> torch.Tensor:
    """All training distortions in one call; input and output are N×1×28×28 in 0..1."""
    distorted = random_affine(images, generator, strength)
    return random_stroke_width(distorted, generator, strength).clamp(0, 1)
