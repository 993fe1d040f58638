import json

import pytest

from ml.checkpoint import load_checkpoint
from ml.evaluation import cross_validate, evaluate
from ml.evaluation.cross_validate import writer_folds
from ml.pen.nondigits import KINDS
from ml.training import train


@pytest.mark.slow
def test_train_dry_run_writes_a_loadable_checkpoint_with_provenance(tmp_path):
    out = tmp_path / "dry.pt"
    metrics = train.main(["--dry-run", "--epochs", "1", "--out", str(out), "--seed", "1"])
    loaded = load_checkpoint(out)
    assert loaded.metadata["train_config"]["dry_run"] is True
    assert loaded.metadata["train_config"]["seed"] == 1
    assert loaded.metadata["metrics"]["mnist_test_images"] == 500
    assert 0.0 <= metrics["mnist_test_accuracy"] <= 1.0
    assert len(loaded.metadata["content_hash"]) == 64


@pytest.mark.slow
def test_train_dry_run_is_reproducible_with_the_same_seed(tmp_path):
    first = train.main(["--dry-run", "--epochs", "1", "--out", str(tmp_path / "a.pt")])
    second = train.main(["--dry-run", "--epochs", "1", "--out", str(tmp_path / "b.pt")])
    assert (
        load_checkpoint(tmp_path / "a.pt").metadata["content_hash"]
        == load_checkpoint(tmp_path / "b.pt").metadata["content_hash"]
    )
    assert first["mnist_test_accuracy"] == second["mnist_test_accuracy"]


@pytest.mark.slow
def test_evaluate_prints_json_and_plots_confusion_matrices(tmp_path, capsys):
    plot = tmp_path / "confusion.png"
    evaluate.main(["--canvas-samples", "50", "--json", "--plot", str(plot), "--no-pen", "--nondigit-samples", "0"])
    result = json.loads(capsys.readouterr().out)
    assert set(result) == {"mnist_test", "canvas_simulation"}
    assert result["canvas_simulation"]["count"] == 50
    assert len(result["mnist_test"]["confusion"]) == 10
    assert sum(map(sum, result["mnist_test"]["confusion"])) == 10_000
    assert plot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def _write_idx(folder, prefix: str, images, labels) -> None:
    import gzip
    import struct

    with gzip.open(folder / f"{prefix}-images-idx3-ubyte.gz", "wb") as file:
        file.write(struct.pack(">IIII", 2051, len(images), 28, 28) + images.numpy().tobytes())
    with gzip.open(folder / f"{prefix}-labels-idx1-ubyte.gz", "wb") as file:
        file.write(struct.pack(">II", 2049, len(labels)) + bytes(labels.tolist()))


def test_read_idx_round_trips_mnist_format(tmp_path):
    import torch

    from ml.idx import read_idx

    images = torch.randint(0, 256, (5, 28, 28), dtype=torch.uint8)
    labels = torch.tensor([0, 9, 3, 3, 1])
    _write_idx(tmp_path, "train", images, labels)
    read_images, read_labels = read_idx(tmp_path, "train")
    assert torch.equal(read_images, images) and read_labels.tolist() == labels.tolist()


@pytest.mark.slow
def test_train_adds_exported_drawings_and_evaluates_the_held_out_ones(tmp_path, mnist_test):
    images, labels = mnist_test
    _write_idx(tmp_path, "train", images[:30], labels[:30])
    _write_idx(tmp_path, "t10k", images[30:40], labels[30:40])
    metrics = train.main(["--dry-run", "--epochs", "1", "--extra-data", str(tmp_path), "--out", str(tmp_path / "m.pt")])
    assert metrics["drawings_train"] == 30
    assert metrics["drawings_test_images"] == 10
    assert 0.0 <= metrics["drawings_test_accuracy"] <= 1.0


@pytest.mark.slow
def test_the_seed_whole_canvas_pipeline_is_measurably_worse_on_its_own_canvas_style(capsys):
    """The baseline bench/seed_flask.py serves: resizing the whole canvas loses small digits."""
    common = ["--canvas-samples", "300", "--canvas-style", "black_on_white", "--json"]
    ours = evaluate.main(common)["canvas_simulation"]["accuracy"]
    seed = evaluate.main([*common, "--pipeline", "seed"])["canvas_simulation"]["accuracy"]
    assert ours >= 0.98 and seed < ours - 0.15


@pytest.mark.slow
def test_evaluate_reports_the_pen_test_writers_their_styles_and_non_digits(capsys):
    result = evaluate.main(["--canvas-samples", "0", "--json", "--nondigit-samples", "100"])
    pen = result["pen_test_writers"]
    assert pen["count"] == 2 * 1499 and set(pen["per_writer"]) == {"5", "10", "15", "20", "25", "30"}
    assert pen["worst_writer"]["accuracy"] == min(pen["per_writer"].values())
    assert len(pen["per_digit"]) == 10 and 0.0 <= pen["not_a_digit_share"] <= 1.0
    assert set(result["pen_test_styles"]["per_digit"]) == {"0", "1", "7", "9"}
    assert result["nondigits"]["count"] == 100 and set(result["nondigits"]["flagged_by_kind"]) == set(KINDS)


@pytest.mark.slow
def test_leave_writers_out_folds_never_share_a_writer_and_train_a_fold(capsys):
    train_writers = [str(w) for w in range(1, 31) if w % 5]
    folds = writer_folds(train_writers, 5)
    assert sorted(w for fold in folds for w in fold) == sorted(train_writers)
    assert all(len(fold) == 24 // 5 or len(fold) == 24 // 5 + 1 for fold in folds)
    summary = cross_validate.main(["--folds", "5", "--only", "0", "--dry-run", "--epochs", "1"])
    (fold,) = summary["folds"]
    assert fold["writers"] == folds[0] and fold["count"] > 0
