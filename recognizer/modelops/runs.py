"""Starting retraining: record a TrainingRun and queue it for the task worker."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from recognizer.models import ModelVersion, TrainingRun


def start_retraining(
    *,
    requested_by=None,
    epochs: int = 20,
    from_scratch: bool = False,
    include_drawer_labels: bool = False,
    dry_run: bool = False,
) -> TrainingRun:
    """Queue a training run: fine-tunes the active version unless from_scratch. Never activates."""
    if not 1 <= epochs <= 200:
        raise ValueError("epochs must be between 1 and 200.")
    from recognizer.modelops.tasks import retrain  # the task module imports PyTorch training code

    base = None if from_scratch else ModelVersion.objects.filter(is_active=True).first()
    params = {
        "epochs": epochs,
        "from_scratch": from_scratch,
        "include_drawer_labels": include_drawer_labels,
        "dry_run": dry_run,
    }
    with transaction.atomic():
        run = TrainingRun.objects.create(params=params, base_version=base, requested_by=requested_by)
        transaction.on_commit(lambda: retrain.enqueue(run.pk))
    return run


def fail_stalled_runs(*, quiet_for: timedelta) -> list[TrainingRun]:
    """Mark failed the running runs whose worker stopped (no heartbeat for `quiet_for`), so
    staff see it and can start a new run; the queue itself never retries a lost job."""
    cutoff = timezone.now() - quiet_for
    stalled = list(TrainingRun.objects.filter(status=TrainingRun.Status.RUNNING, heartbeat_at__lt=cutoff))
    minutes = quiet_for.total_seconds() / 60
    for run in stalled:
        TrainingRun.objects.filter(pk=run.pk, status=TrainingRun.Status.RUNNING).update(
            status=TrainingRun.Status.FAILED,
            finished_at=timezone.now(),
            message=f"No progress for {minutes:g} minutes: its worker stopped (killed, restarted or out of "
            "memory). Start a new run.",
        )
    return stalled


# Below these, accuracy on the drawings says next to nothing: with 30 held-out drawings one
# drawing moves it by 3.3 percentage points.
MIN_HELD_OUT_DRAWINGS = 30
MIN_TRAINING_DRAWINGS = 100


def data_warnings(*, drawings_train: int, drawings_test: int) -> list[str]:
    """What staff should know before trusting a run's numbers on drawings."""
    warnings = []
    if drawings_train < MIN_TRAINING_DRAWINGS:
        warnings.append(
            f"Only {drawings_train:,} labelled drawing(s) to train on (fewer than {MIN_TRAINING_DRAWINGS}): "
            "the model will learn little from them."
        )
    if drawings_test < MIN_HELD_OUT_DRAWINGS:
        step = (
            f"; each one moves the held-out accuracy by {100 / drawings_test:.1f} percentage points"
            if drawings_test
            else ""
        )
        warnings.append(
            f"Only {drawings_test:,} held-out drawing(s) to test on (fewer than {MIN_HELD_OUT_DRAWINGS}){step}: "
            "their accuracy measures nothing yet. Review more drawings first."
        )
    return warnings


def labelled_split_counts(*, include_drawer_labels: bool = False) -> dict[str, int]:
    """How many labelled drawings a run would train and test on now."""
    from recognizer.reading.content import split_of
    from recognizer.reading.selectors import labelled_drawings

    counts = {"train": 0, "test": 0}
    for digest in labelled_drawings(include_drawer_labels=include_drawer_labels).values_list("input_sha256", flat=True):
        counts[split_of(digest)] += 1
    return counts
