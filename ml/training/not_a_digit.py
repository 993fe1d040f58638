"""Saying "not a digit": the network is taught to spread its answer evenly over the ten digits
for drawings that are no digit (outlier exposure, Hendrycks et al. 2019), so a low top
probability means no digit. The threshold is calibrated on real digits when a model is trained
and travels in its checkpoint (metrics["not_a_digit_below"])."""

import torch
import torch.nn.functional as F

from ml.inference import Predictor
from ml.preprocess import normalise
from ml.training.augment import augment

# Share of (distorted) real training digits allowed under the threshold: unseen writers'
# digits are a little less certain than training digits, so this stays well below 0.5%.
CALIBRATION_QUANTILE = 0.001
CALIBRATION_SAMPLES = 20_000


def uniform_target_loss(logits: torch.Tensor) -> torch.Tensor:
    """Cross-entropy against the uniform distribution over the classes."""
    return -F.log_softmax(logits, dim=1).mean(dim=1).mean()


def top_probabilities(
    model: torch.nn.Module, images: torch.Tensor, *, distort: bool = False, seed: int = 0
) -> torch.Tensor:
    """The top probability for each N×28×28 uint8 image (optionally with training distortions),
    read as the site reads: averaged over the predictor's views."""
    predictor = Predictor(model)
    generator = torch.Generator().manual_seed(seed)
    out = []
    with torch.inference_mode():
        for start in range(0, len(images), 1000):
            x = images[start : start + 1000].unsqueeze(1).float() / 255.0
            if distort:
                x = augment(x, generator, 0.7)
            out.append(predictor.probabilities(normalise(x * 255.0)).max(dim=1).values)
    return torch.cat(out) if out else torch.zeros(0, dtype=torch.float64)


def calibrate_threshold(model: torch.nn.Module, digits: torch.Tensor, nondigits: torch.Tensor, seed: int = 0) -> float:
    """The top probability below which a drawing is called no digit: the CALIBRATION_QUANTILE of
    distorted training digits, printed with the share of the training non-digits it catches."""
    generator = torch.Generator().manual_seed(seed)
    chosen = torch.randperm(len(digits), generator=generator)[:CALIBRATION_SAMPLES]
    real = top_probabilities(model, digits[chosen], distort=True, seed=seed)
    threshold = float(torch.quantile(real, CALIBRATION_QUANTILE))
    caught = float((top_probabilities(model, nondigits) < threshold).double().mean())
    print(f"not-a-digit threshold {threshold:.4f}: catches {caught:.2%} of the training non-digits")
    return threshold
