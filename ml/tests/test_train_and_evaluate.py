import json

from ml import evaluate, train
from ml.checkpoint import load_checkpoint


def test_train_dry_run_writes_a_loadable_checkpoint_with_provenance(tmp_path):
    out = tmp_path / "dry.pt"
    metrics = train.main(["--dry-run", "--epochs", "1", "--out", str(out), "--seed", "1"])
    loaded = load_checkpoint(out)
    assert loaded.metadata["train_config"]["dry_run"] is True
    assert loaded.metadata["train_config"]["seed"] == 1
    assert loaded.metadata["metrics"]["mnist_test_images"] == 500
    assert 0.0 <= metrics["mnist_test_accuracy"] <= 1.0
    assert len(loaded.metadata["content_hash"]) == 64


def test_train_dry_run_is_reproducible_with_the_same_seed(tmp_path):
    first = train.main(["--dry-run", "--epochs", "1", "--out", str(tmp_path / "a.pt")])
    second = train.main(["--dry-run", "--epochs", "1", "--out", str(tmp_path / "b.pt")])
    assert (
        load_checkpoint(tmp_path / "a.pt").metadata["content_hash"]
        == load_checkpoint(tmp_path / "b.pt").metadata["content_hash"]
    )
    assert first["mnist_test_accuracy"] == second["mnist_test_accuracy"]


def test_evaluate_prints_json_and_plots_confusion_matrices(tmp_path, capsys):
    plot = tmp_path / "confusion.png"
    evaluate.main(["--canvas-samples", "50", "--json", "--plot", str(plot)])
    result = json.loads(capsys.readouterr().out)
    assert set(result) == {"mnist_test", "canvas_simulation"}
    assert result["canvas_simulation"]["count"] == 50
    assert len(result["mnist_test"]["confusion"]) == 10
    assert sum(map(sum, result["mnist_test"]["confusion"])) == 10_000
    assert plot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
