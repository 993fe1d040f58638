"""Changing which version answers: activation (refusing dry runs), rollback, and their audit trail."""

from django.db import transaction
from django.utils import timezone

from recognizer.models import Activation, ModelVersion
from recognizer.reading.active_model import forget_active_model


class ActivationRefusedError(ValueError):
    """This version may not answer recognitions (a dry run)."""


def activate_version(
    version: ModelVersion,
    *,
    user=None,
    reason: str = "",
    worse_on_held_out: bool = False,
    kind: str = Activation.Kind.ACTIVATE,
) -> ModelVersion:
    """Make `version` the one that answers, and record who did it, from which version, and why;
    every web process follows within MODEL_REFRESH_SECONDS. Dry runs are refused."""
    if version.is_dry_run:
        raise ActivationRefusedError(f"{version.name} is a dry run (a pipeline check): it can never be activated.")
    with transaction.atomic():
        current = ModelVersion.objects.select_for_update().filter(is_active=True).first()
        ModelVersion.objects.filter(is_active=True).exclude(pk=version.pk).update(is_active=False)
        ModelVersion.objects.filter(pk=version.pk).update(is_active=True, activated_at=timezone.now())
        Activation.objects.create(
            kind=kind,
            from_version=current,
            to_version=version,
            user=user if user is not None and user.is_authenticated else None,
            reason=reason,
            worse_on_held_out=worse_on_held_out,
        )
    forget_active_model()
    version.refresh_from_db()
    return version


def rollback_target() -> ModelVersion | None:
    """The version that was active before the current one (never a dry run)."""
    current = ModelVersion.objects.filter(is_active=True).first()
    return (
        ModelVersion.objects.exclude(pk=current.pk if current else None)
        .filter(activated_at__isnull=False, is_dry_run=False)
        .order_by("-activated_at")
        .first()
    )


def rollback_version(*, user=None, reason: str = "") -> ModelVersion | None:
    """Activate the version that was active before the current one (None if there is none)."""
    previous = rollback_target()
    if previous is None:
        return None
    return activate_version(previous, user=user, reason=reason, kind=Activation.Kind.ROLLBACK)
