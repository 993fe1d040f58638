"""Background jobs, run by `python manage.py db_worker` through Django's Tasks API."""

import logging
import tempfile
import time
import traceback
from pathlib import Path

from django.utils import timezone
from django_tasks import task

from ml.checkpoint import checkpoint_bytes
from ml.model import LeNet5
from ml.training.config import FINE_TUNE_MAX_LR, TrainConfig
from ml.training.train import load_training_data, train_model
from recognizer.modelops.exports import DirectorySink, EmptyExportError, export
from recognizer.models import TrainingRun
from recognizer.reading.active_model import load_predictor, register_checkpoint
from recognizer.reading.selectors import labelled_drawings

logger = logging.getLogger(__name__)


def _train_config(params: dict, extra_data: str | None, *, fine_tune: bool) -> TrainConfig:
    """The run's training setup; `fine_tune`: it starts from trained weights, so at a lower peak rate."""
    return TrainConfig(
        epochs=params["epochs"],
        max_lr=FINE_TUNE_MAX_LR if fine_tune else TrainConfig.max_lr,
        seed=params.get("seed", 0),
        extra_data=Path(extra_data) if extra_data else None,
        dry_run=bool(params.get("dry_run")),
    )


def data_counts(data) -> dict:
    """What a run trains and tests on, known before the first epoch."""
    held_out = data.extra_test_images
    return {
        "train_images": len(data.train_images),
        "drawings_train": data.extra_train,
        "drawings_test_images": 0 if held_out is None else len(held_out),
        "mnist_test_images": len(data.test_images),
    }


def _export_for_training(run: TrainingRun, folder: str) -> str | None:
    """The labelled drawings as IDX in `folder` (None when there are none: MNIST alone)."""
    drawings = labelled_drawings(include_drawer_labels=run.params.get("include_drawer_labels", False))
    try:
        steps = export(drawings, fmt="idx", sink=DirectorySink(folder))
    except EmptyExportError:
        return None
    last_beat = time.monotonic()
    for _ in steps:
        if time.monotonic() - last_beat > 30:  # a large export is progress too
            TrainingRun.objects.filter(pk=run.pk).update(heartbeat_at=timezone.now())
            last_beat = time.monotonic()
    return folder


@task()
def retrain(run_id: int) -> int | None:
    """Train on MNIST plus the exported training split; register (never activate) the result."""
    run = TrainingRun.objects.select_related("base_version").get(pk=run_id)
    now = timezone.now()
    TrainingRun.objects.filter(pk=run.pk).update(status=TrainingRun.Status.RUNNING, started_at=now, heartbeat_at=now)
    try:
        with tempfile.TemporaryDirectory() as folder:
            extra = _export_for_training(run, folder)
            args = _train_config(run.params, extra, fine_tune=run.base_version is not None)
            data = load_training_data(args)
        model = load_predictor(run.base_version).model if run.base_version else LeNet5()
        live = {"epochs": args.epochs, **data_counts(data), "history": []}
        TrainingRun.objects.filter(pk=run.pk).update(metrics=live)

        def progress(done: int, total: int) -> None:
            TrainingRun.objects.filter(pk=run.pk).update(
                progress=min(1.0, done / total), heartbeat_at=timezone.now(), metrics=live
            )

        metrics = train_model(model, data, args, on_epoch=progress, history=live["history"])
        base = run.base_version.name if run.base_version else None
        train_config = {**args.to_dict(), "base_version": base, "run": run.pk}
        data_bytes, digest = checkpoint_bytes(
            model, name=f"retrain-{run.pk}", metrics=metrics, train_config=train_config
        )
        dry_run = bool(run.params.get("dry_run"))
        version = register_checkpoint(data_bytes, name=f"retrain-{run.pk}-{digest[:8]}", dry_run=dry_run)
        TrainingRun.objects.filter(pk=run.pk).update(
            status=TrainingRun.Status.SUCCEEDED,
            progress=1.0,
            finished_at=timezone.now(),
            version=version,
            metrics={**live, **metrics},
        )
    except Exception as exc:  # noqa: BLE001 - any failure is recorded on the run for staff to see
        logger.exception("training run %s failed", run.pk)
        TrainingRun.objects.filter(pk=run.pk).update(
            status=TrainingRun.Status.FAILED,
            finished_at=timezone.now(),
            message=f"{exc.__class__.__name__}: {exc}\n\n{traceback.format_exc(limit=5)}",
        )
        return None
    return version.pk
