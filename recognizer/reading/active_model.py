"""Which model answers: the active ModelVersion, loaded once per process and kept current.

Web processes re-check which version is active at most every MODEL_REFRESH_SECONDS and load
a checkpoint only when the active version changes, so activating a version in the admin
reaches every running process within seconds without a restart or per-request loading.
"""

import hashlib
import threading
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from ml.checkpoint import load_checkpoint
from ml.inference import Predictor
from recognizer.models import ModelVersion


class ModelUnavailableError(RuntimeError):
    """No model version can be loaded."""


@dataclass(frozen=True)
class ActiveModel:
    version: ModelVersion
    predictor: Predictor


class _State:
    def __init__(self):
        self.lock = threading.Lock()
        self.version: ModelVersion | None = None
        self.checked_at = 0.0
        self.predictors: dict[int, Predictor] = {}


_state = _State()


def load_predictor(version: ModelVersion) -> Predictor:
    """Read a version's checkpoint from storage and build its predictor (the unit-test seam)."""
    with version.checkpoint.open("rb") as file:
        data = file.read()
    if hashlib.sha256(data).hexdigest() != version.sha256:
        raise ModelUnavailableError(f"The checkpoint of {version.name} does not match its hash.")
    return Predictor.from_checkpoint(data)


def register_checkpoint(
    data: bytes, *, name: str | None = None, active: bool = False, dry_run: bool = False
) -> ModelVersion:
    """Store a checkpoint as a ModelVersion (idempotent on its hash; race-safe)."""
    digest = hashlib.sha256(data).hexdigest()
    existing = ModelVersion.objects.filter(sha256=digest).first()
    if existing:
        return existing
    metadata = load_checkpoint(data).metadata
    version = ModelVersion(
        name=name or f"{metadata['name']}-{metadata['content_hash'][:8]}",
        sha256=digest,
        metrics=metadata.get("metrics", {}),
        is_active=active,
        is_dry_run=dry_run,
        activated_at=timezone.now() if active else None,
    )
    version.checkpoint.save("lenet5.pt", ContentFile(data), save=False)
    try:
        with transaction.atomic():
            version.save()
    except IntegrityError:
        # Another process registered it first: keep theirs, drop our copy of the file.
        version.checkpoint.delete(save=False)
        return ModelVersion.objects.get(sha256=digest)
    return version


def register_shipped_weights() -> ModelVersion:
    """Make the weights shipped in ml/weights the first version, active when none is."""
    active = not ModelVersion.objects.filter(is_active=True).exists()
    return register_checkpoint(settings.SHIPPED_WEIGHTS.read_bytes(), active=active)


def _current_version() -> ModelVersion:
    version = ModelVersion.objects.filter(is_active=True).first()
    if version is None:
        register_shipped_weights()
        version = ModelVersion.objects.filter(is_active=True).first()
    if version is None:
        raise ModelUnavailableError("No model version is active.")
    return version


def active_model() -> ActiveModel:
    """The active version and its loaded predictor."""
    with _state.lock:
        now = time.monotonic()
        if _state.version is None or now - _state.checked_at >= settings.MODEL_REFRESH_SECONDS:
            _state.version = _current_version()
            _state.checked_at = now
        version = _state.version
        predictor = _state.predictors.get(version.pk)
        if predictor is None:
            predictor = load_predictor(version)
            _state.predictors = {version.pk: predictor}  # the previous version is released
    return ActiveModel(version=version, predictor=predictor)


def forget_active_model() -> None:
    """Drop the cached version and predictors (after activating a version, and in tests)."""
    with _state.lock:
        _state.version = None
        _state.checked_at = 0.0
        _state.predictors = {}
