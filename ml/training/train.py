"""Train LeNet-5 on MNIST (plus optional collected drawings): `python -m ml.training.train --help`."""

import time
from collections.abc import Callable
from dataclasses import dataclass

import torch
import torch.nn.functional as F
from tqdm import tqdm

from ml.checkpoint import load_checkpoint, save_checkpoint
from ml.data import default_data_dir, load_mnist
from ml.idx import read_idx
from ml.inference import Predictor
from ml.model import LeNet5, LeNet5Config
from ml.preprocess import normalise
from ml.training.augment import augment
from ml.training.config import DRY_RUN_BATCHES, TrainConfig, parse_config
from ml.training.not_a_digit import calibrate_threshold, uniform_target_loss
from ml.training.pen_data import load_pen_training, pen_test_metrics
from ml.views import READING_VIEWS, SINGLE_VIEW


@dataclass
class TrainingData:
    train_images: torch.Tensor  # N×28×28 uint8
    train_labels: torch.Tensor
    test_images: torch.Tensor
    test_labels: torch.Tensor
    extra_train: int = 0  # collected drawings in the training set (before repetition)
    extra_test_images: torch.Tensor | None = None  # held-out collected drawings
    extra_test_labels: torch.Tensor | None = None
    pen_train: int = 0  # pen renders in the training set (before repetition)
    nondigits: torch.Tensor | None = None  # N×28×28 uint8 drawings that are no digit


def evaluate_accuracy(
    model: LeNet5, images: torch.Tensor, labels: torch.Tensor, views=SINGLE_VIEW
) -> tuple[float, float]:
    """(accuracy, mean cross-entropy) of a model on uint8 images, read in `views` (ml.views):
    one reading for the per-epoch curve, the site's views for the metrics a version keeps."""
    predictor = Predictor(model, views=views)
    correct, loss = 0, 0.0
    for start in range(0, len(images), 1000):
        x = normalise(images[start : start + 1000]).unsqueeze(1)
        y = labels[start : start + 1000]
        probabilities = predictor.probabilities(x)
        loss -= float(probabilities.gather(1, y.unsqueeze(1)).clamp_min(1e-12).log().sum())
        correct += int((probabilities.argmax(1) == y).sum())
    return correct / len(images), loss / len(images)


def train_model(
    model: LeNet5,
    data: TrainingData,
    args: TrainConfig,
    on_epoch: Callable[[int, int], None] | None = None,
    history: list[dict] | None = None,
) -> dict:
    """Run the training loop in place; returns metrics and timings. on_epoch(done, total) reports
    progress; each epoch's losses and accuracies are appended to `history` first (and returned
    in the metrics as "history")."""
    history = [] if history is None else history
    generator = torch.Generator().manual_seed(args.seed)
    batches = (len(data.train_images) + args.batch_size - 1) // args.batch_size
    if args.dry_run:
        batches = min(batches, DRY_RUN_BATCHES)
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.max_lr, weight_decay=args.weight_decay)
    schedule = torch.optim.lr_scheduler.OneCycleLR(
        optimizer, max_lr=args.max_lr, epochs=args.epochs, steps_per_epoch=batches
    )
    epoch_seconds = []
    for epoch in range(1, args.epochs + 1):
        model.train()
        started = time.perf_counter()
        order = torch.randperm(len(data.train_images), generator=generator)
        seen, correct, loss_sum = 0, 0, 0.0
        progress = tqdm(range(batches), desc=f"epoch {epoch}/{args.epochs}", mininterval=1.0)
        for step in progress:
            index = order[step * args.batch_size : (step + 1) * args.batch_size]
            x = data.train_images[index].unsqueeze(1).float() / 255.0
            if not args.no_augment:
                x = augment(x, generator, args.augment_strength)
            x = normalise(x * 255.0)
            y = data.train_labels[index]
            logits = model(x)
            loss = F.cross_entropy(logits, y, label_smoothing=args.label_smoothing)
            if data.nondigits is not None and len(data.nondigits):
                pick = torch.randint(len(data.nondigits), (args.batch_size // 4,), generator=generator)
                odd = data.nondigits[pick].unsqueeze(1).float() / 255.0
                if not args.no_augment:
                    odd = augment(odd, generator, args.augment_strength)
                loss = loss + args.nondigit_weight * uniform_target_loss(model(normalise(odd * 255.0)))
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            schedule.step()
            seen += len(y)
            correct += int((logits.argmax(1) == y).sum())
            loss_sum += loss.item() * len(y)
            progress.set_postfix(loss=f"{loss_sum / seen:.4f}", acc=f"{correct / seen:.4f}", refresh=False)
        epoch_seconds.append(time.perf_counter() - started)
        test_accuracy, test_loss = evaluate_accuracy(model, data.test_images, data.test_labels)
        history.append(
            {
                "epoch": epoch,
                "train_loss": round(loss_sum / max(seen, 1), 5),
                "train_accuracy": round(correct / max(seen, 1), 5),
                "test_loss": round(test_loss, 5),
                "test_accuracy": round(test_accuracy, 5),
                "seconds": round(epoch_seconds[-1], 2),
            }
        )
        if on_epoch:
            on_epoch(epoch, args.epochs)
    # What a version records is what the site will answer: each input read in the site's views.
    accuracy, test_loss = evaluate_accuracy(model, data.test_images, data.test_labels, READING_VIEWS)
    print(
        f"MNIST test accuracy {accuracy:.4%} (loss {test_loss:.4f}) on {len(data.test_images)} images, read in {len(READING_VIEWS)} views"
    )
    metrics = {
        "mnist_test_accuracy": accuracy,
        "mnist_test_loss": test_loss,
        "mnist_test_images": len(data.test_images),
        "drawings_train": data.extra_train,
        "pen_train_renders": data.pen_train,
        "epoch_seconds": [round(s, 2) for s in epoch_seconds],
        "train_seconds": round(sum(epoch_seconds), 2),
        "history": history,
        "train_images": len(data.train_images),  # every image of an epoch, repeated drawings included
    }
    if data.extra_test_images is not None and len(data.extra_test_images):
        held_out, _ = evaluate_accuracy(model, data.extra_test_images, data.extra_test_labels, READING_VIEWS)
        metrics |= {"drawings_test_accuracy": held_out, "drawings_test_images": len(data.extra_test_images)}
        print(f"held-out drawings accuracy {held_out:.4%} on {len(data.extra_test_images)} drawings")
    if data.nondigits is not None and len(data.nondigits):
        metrics["not_a_digit_below"] = calibrate_threshold(model, data.train_images, data.nondigits)
    if not args.no_pen:
        metrics |= pen_test_metrics(model, args, metrics.get("not_a_digit_below", 0.0))
    return metrics


def load_training_data(args: TrainConfig) -> TrainingData:
    data_dir = args.data_dir or default_data_dir()
    train_images, train_labels = load_mnist(data_dir, train=True)
    test_images, test_labels = load_mnist(data_dir, train=False)
    if args.dry_run:
        test_images, test_labels = test_images[:500], test_labels[:500]
    data = TrainingData(train_images, train_labels, test_images, test_labels)
    if args.extra_data:
        extra_images, extra_labels = read_idx(args.extra_data, "train")
        repeat = max(1, args.extra_repeat)
        data.train_images = torch.cat([train_images, extra_images.repeat(repeat, 1, 1)])
        data.train_labels = torch.cat([train_labels, extra_labels.repeat(repeat)])
        data.extra_train = len(extra_images)
        data.extra_test_images, data.extra_test_labels = read_idx(args.extra_data, "t10k")
    pen_images, pen_labels, data.nondigits = load_pen_training(args, data_dir)
    data.pen_train = len(pen_images)
    data.train_images = torch.cat([data.train_images, pen_images.repeat(max(1, args.pen_repeat), 1, 1)])
    data.train_labels = torch.cat([data.train_labels, pen_labels.repeat(max(1, args.pen_repeat))])
    return data


def main(argv: list[str] | None = None) -> dict:
    args = parse_config(argv, description=__doc__)
    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    data = load_training_data(args)
    model = load_checkpoint(args.init_from).model if args.init_from else LeNet5(LeNet5Config())
    metrics = train_model(model, data, args)
    digest = save_checkpoint(args.out, model, name=args.name, metrics=metrics, train_config=args.to_dict())
    print(f"wrote {args.out} (content hash {digest[:12]})")
    return metrics


if __name__ == "__main__":
    main()
