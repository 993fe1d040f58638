"""The comparison page (a candidate against the active version) with activation, and rollback."""

import logging

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse

from recognizer.admin.formatting import percent, points
from recognizer.admin.pages import AdminPageView
from recognizer.modelops.comparison import HELD_OUT, compare
from recognizer.modelops.registry import ActivationRefusedError, activate_version, rollback_version
from recognizer.models import Activation, ModelVersion

logger = logging.getLogger(__name__)


class ComparisonFailedError(Exception):
    """A checkpoint could not be loaded or evaluated."""


def _compare(candidate: ModelVersion, active: ModelVersion | None):
    if active is None or active.pk == candidate.pk:
        return None
    try:
        return compare(candidate, active)
    except Exception as exc:  # noqa: BLE001 - any loading failure means: cannot be judged, cannot be served
        logger.exception("comparing %s with %s failed", candidate.name, active.name)
        raise ComparisonFailedError(f"Could not evaluate the checkpoints: {exc.__class__.__name__}: {exc}") from exc


class CompareView(AdminPageView):
    """GET: both versions on the same data; POST: activate the candidate (confirm when worse)."""

    template = "admin/recognizer/modelversion/compare.html"

    def _page(self, request, candidate: ModelVersion, *, error: str = "", status: int = 200):
        active = ModelVersion.objects.filter(is_active=True).first()
        try:
            comparison = _compare(candidate, active)
        except ComparisonFailedError as exc:
            comparison, error = None, error or str(exc)
        rows = []
        if comparison:
            for score in comparison.scores:
                rows.append(
                    {
                        "name": score.name,
                        "count": f"{score.count:,}",
                        "baseline": percent(score.baseline),
                        "candidate": percent(score.candidate),
                        "difference": points(score.difference),
                        "worse": score.difference is not None and score.difference < 0,
                    }
                )
        groups = [(kind, comparison.of_kind(kind)) for kind in ("fixed", "broken", "still wrong")] if comparison else []
        context = self.context(
            request,
            title=f"Compare {candidate.name} with the active version",
            candidate=candidate,
            active=active,
            comparison=comparison,
            rows=rows,
            groups=groups,
            error=error,
            held_out=HELD_OUT,
            activations=Activation.objects.select_related("from_version", "to_version", "user")[:10],
            can_activate=self.model_admin.has_change_permission(request),
        )
        return TemplateResponse(request, self.template, context, status=status)

    def get(self, request, pk: int):
        if not self.model_admin.has_view_permission(request):
            raise PermissionDenied
        return self._page(request, get_object_or_404(ModelVersion, pk=pk))

    def post(self, request, pk: int):
        if not self.model_admin.has_change_permission(request):
            raise PermissionDenied
        candidate = get_object_or_404(ModelVersion, pk=pk)
        if candidate.is_dry_run:
            return self._page(
                request, candidate, error="A dry run cannot be activated: it is a pipeline check.", status=400
            )
        active = ModelVersion.objects.filter(is_active=True).first()
        try:
            comparison = _compare(candidate, active)
        except ComparisonFailedError as exc:
            return self._page(request, candidate, error=f"Not activated. {exc}", status=400)
        worse = bool(comparison and comparison.worse_on_held_out)
        reason = request.POST.get("reason", "").strip()
        if worse and not (request.POST.get("confirm") == "yes" and reason):
            error = (
                "This version reads fewer held-out reviewed drawings right than the active one. "
                "To activate it anyway, tick the confirmation and say why."
            )
            return self._page(request, candidate, error=error, status=400)
        try:
            activate_version(candidate, user=request.user, reason=reason, worse_on_held_out=worse)
        except ActivationRefusedError as exc:
            return self._page(request, candidate, error=str(exc), status=400)
        messages.success(request, f"Activated {candidate.name}: web processes follow within seconds.")
        return redirect(reverse("admin:recognizer_modelversion_changelist"))


class RollbackView(AdminPageView):
    """POST: re-activate the version that was active before the current one (recorded as a rollback)."""

    def post(self, request):
        if not self.model_admin.has_change_permission(request):
            raise PermissionDenied
        version = rollback_version(user=request.user, reason=request.POST.get("reason", "").strip())
        if version is None:
            messages.error(request, "No earlier active version to roll back to.")
        else:
            messages.success(request, f"Rolled back: {version.name} is active again.")
        return redirect(reverse("admin:recognizer_modelversion_changelist"))
