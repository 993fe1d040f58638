"""The networks: LeNet-5 with the seed's topology (32×32 input, C1-S2-C3-S4, F5 120, F6 84, 10
logits), and the number reader's small piece classifier. Each has a config stored in its checkpoints."""

from dataclasses import asdict, dataclass

import torch
import torch.nn.functional as F
from torch import nn


@dataclass(frozen=True)
class LeNet5Config:
    """Everything needed to rebuild the network; stored in every checkpoint."""

    num_classes: int = 10
    # The 28×28 input is padded to 32×32 with the *normalised background* value, so the
    # border looks like paper to the first convolution instead of a grey frame.
    pad_value: float = -0.1307 / 0.3081
    dropout: float = 0.0

    def to_dict(self) -> dict:
        return asdict(self)


class LeNet5(nn.Module):
    """C1 6@28×28, S2 max-pool, C3 16@10×10, S4 max-pool, F5 120, F6 84, output 10 logits."""

    def __init__(self, config: LeNet5Config | None = None):
        super().__init__()
        self.config = config or LeNet5Config()
        self.c1 = nn.Conv2d(1, 6, kernel_size=5)
        self.c3 = nn.Conv2d(6, 16, kernel_size=5)
        self.f5 = nn.Linear(16 * 5 * 5, 120)
        self.f6 = nn.Linear(120, 84)
        self.output = nn.Linear(84, self.config.num_classes)
        self.dropout = nn.Dropout(self.config.dropout)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Map normalised N×1×28×28 images to N×10 logits (softmax gives probabilities)."""
        x = F.pad(x, (2, 2, 2, 2), value=self.config.pad_value)  # 28×28 -> 32×32
        x = max_pool_2x2(F.relu(self.c1(x)))  # 6@28×28 -> 6@14×14
        x = max_pool_2x2(F.relu(self.c3(x)))  # 16@10×10 -> 16@5×5
        x = torch.flatten(x, 1)
        x = self.dropout(F.relu(self.f5(x)))
        x = self.dropout(F.relu(self.f6(x)))
        return self.output(x)


def max_pool_2x2(x: torch.Tensor) -> torch.Tensor:
    """F.max_pool2d(x, 2), the same values. When reading (no gradients), the larger of four
    strided views: this build's CPU max-pool kernel takes 4-6× longer on a batch (a number's
    digits, or a drawing's five views), which made pooling the dearest step of LeNet-5.
    Training keeps max_pool2d, whose gradient picks one of tied maxima, so training is unchanged."""
    if torch.is_grad_enabled() or x.shape[-1] % 2 or x.shape[-2] % 2:
        return F.max_pool2d(x, 2)
    return torch.maximum(
        torch.maximum(x[..., 0::2, 0::2], x[..., 0::2, 1::2]),
        torch.maximum(x[..., 1::2, 0::2], x[..., 1::2, 1::2]),
    )


def parameter_count(model: nn.Module) -> int:
    """Number of trainable parameters."""
    return sum(p.numel() for p in model.parameters() if p.requires_grad)


@dataclass(frozen=True)
class PieceNetConfig:
    """The piece classifier has no options yet; the config keeps checkpoints uniform."""

    def to_dict(self) -> dict:
        return asdict(self)


class PieceNet(nn.Module):
    """Two convolutions and two dense layers: 1×28×56 ink -> 3 logits (FRAGMENT, ONE_DIGIT, SEVERAL)."""

    def __init__(self, config: "PieceNetConfig | None" = None):
        super().__init__()
        self.config = config or PieceNetConfig()
        self.conv1 = nn.Conv2d(1, 12, kernel_size=5, padding=2)
        self.conv2 = nn.Conv2d(12, 24, kernel_size=5, padding=2)
        self.dense = nn.Linear(24 * 7 * 14, 64)
        self.output = nn.Linear(64, 3)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = max_pool_2x2(F.relu(self.conv1(x)))  # 12@14×28
        x = max_pool_2x2(F.relu(self.conv2(x)))  # 24@7×14
        return self.output(F.relu(self.dense(torch.flatten(x, 1))))
