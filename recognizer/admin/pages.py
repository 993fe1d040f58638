"""Admin pages beyond the changelist: keyboard review, model quality, drawing images."""

import math
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.views import View

from recognizer.admin.formatting import share
from recognizer.api.files import drawing_image_response
from recognizer.modelops.runs import data_warnings, labelled_split_counts, start_retraining
from recognizer.models import Drawing, ModelVersion
from recognizer.reading.reviews import CONFIRM, REJECT, review_drawings
from recognizer.reading.selectors import next_in_queue, previous_in_queue, quality_report, review_queue

SVG_POINTS = 2_000  # a 200 px wide picture shows no more detail than this


def strokes_svg(strokes: list) -> str:
    """The client's strokes as an inline SVG (numbers only: they were validated on input),
    every k-th point of each stroke (and its last) when there are more than SVG_POINTS: the
    API's 20,000 points took seconds to format for no visible difference."""
    step = max(1, math.ceil(sum(len(stroke) for stroke in strokes) / SVG_POINTS))
    strokes = [stroke[::step] + ([stroke[-1]] if (len(stroke) - 1) % step else []) for stroke in strokes if stroke]
    points = [p for stroke in strokes for p in stroke]
    width = max((float(p[0]) for p in points), default=1.0) + 10
    height = max((float(p[1]) for p in points), default=1.0) + 10
    lines = format_html_join(
        "",
        '<polyline points="{}" fill="none" stroke="#111" stroke-width="4" stroke-linecap="round"/>',
        ((" ".join(f"{float(p[0]):.1f},{float(p[1]):.1f}" for p in stroke),) for stroke in strokes),
    )
    return format_html(
        '<svg viewBox="0 0 {} {}" width="200" style="background:#fff;border:1px solid #ccc">{}</svg>',
        f"{width:.0f}",
        f"{height:.0f}",
        lines,
    )


def drawing_image(model_admin):
    """The submitted image of one drawing, for staff who may view drawings."""

    def view(request, pk: int):
        if not model_admin.has_view_permission(request):
            raise PermissionDenied
        return drawing_image_response(get_object_or_404(Drawing.objects.only("image"), pk=pk))

    return view


class AdminPageView(View):
    model_admin = None

    def context(self, request, **extra) -> dict:
        opts = self.model_admin.model._meta
        return {**self.model_admin.admin_site.each_context(request), "opts": opts, **extra}


class ReviewView(AdminPageView):
    """One drawing at a time: 0-9 label it, Enter confirms, X rejects, arrows move."""

    template = "admin/recognizer/drawing/review.html"

    def get(self, request):
        if not self.model_admin.has_view_permission(request):
            raise PermissionDenied
        pk = request.GET.get("id", "")
        suggestions = request.GET.get("queue") == "suggestions"
        queue = review_queue(suggestions=suggestions).select_related("model_version")
        drawing = (
            Drawing.objects.select_related("model_version").filter(pk=int(pk)).first()
            if pk.isdigit()
            else queue.first()
        )
        extra = {
            "title": "Review drawers' suggestions" if suggestions else "Review drawings",
            "drawing": drawing,
            "remaining": queue.count(),
            "digits": range(10),
            "suggestions": suggestions,
            "queue_query": "queue=suggestions&" if suggestions else "",
            "suggestion_count": review_queue(suggestions=True).count(),
        }
        if drawing:
            extra.update(
                previous=previous_in_queue(drawing.confidence, drawing.pk, suggestions=suggestions),
                next=next_in_queue(drawing.confidence, drawing.pk, suggestions=suggestions),
                image_url=reverse("admin:recognizer_drawing_image", args=[drawing.pk]),
                preview=self.model_admin.preview_thumbnail(drawing),
                chart=self.model_admin.probability_chart(drawing),
                confidence=self.model_admin.confidence_percent(drawing),
                change_url=reverse("admin:recognizer_drawing_change", args=[drawing.pk]),
            )
        last = request.GET.get("last", "")
        if last.isdigit():
            extra["last"] = Drawing.objects.filter(pk=int(last)).only("pk", "label", "status").first()
        return TemplateResponse(request, self.template, self.context(request, **extra))

    def post(self, request):
        if not self.model_admin.has_change_permission(request):
            raise PermissionDenied
        pk, decision = request.POST.get("drawing", ""), request.POST.get("decision", "")
        if not pk.isdigit() or not (decision in (CONFIRM, REJECT) or (len(decision) == 1 and decision.isdigit())):
            return HttpResponseBadRequest("Send a drawing id and a decision: 0-9, confirm or reject.")
        drawing = get_object_or_404(Drawing.objects.only("pk", "confidence"), pk=int(pk))
        review_drawings(
            Drawing.objects.filter(pk=drawing.pk),
            reviewer=request.user,
            decision=int(decision) if decision.isdigit() else decision,
        )
        suggestions = request.GET.get("queue") == "suggestions"
        following = (
            next_in_queue(drawing.confidence, drawing.pk, suggestions=suggestions)
            or review_queue(suggestions=suggestions).first()
        )
        query = {**({"queue": "suggestions"} if suggestions else {}), "last": drawing.pk}
        query |= {"id": following.pk} if following else {}
        return redirect(f"{reverse('admin:recognizer_drawing_review')}?{urlencode(query)}")


class QualityView(AdminPageView):
    """Accuracy, confusion matrix and most confident mistakes of one version on reviewed drawings."""

    template = "admin/recognizer/modelversion/quality.html"

    def get(self, request, pk: int):
        if not self.model_admin.has_view_permission(request):
            raise PermissionDenied
        version = get_object_or_404(ModelVersion, pk=pk)
        report = quality_report(version)
        rows = [(d, report.confusion[d], sum(report.confusion[d])) for d in range(10)]
        return TemplateResponse(
            request,
            self.template,
            self.context(
                request,
                title=f"Quality of {version.name}",
                version=version,
                report=report,
                rows=rows,
                digits=range(10),
                accuracy=share(report.accuracy, report.reviewed),
                mnist=share(version.metrics.get("mnist_test_accuracy"), version.metrics.get("mnist_test_images")),
            ),
        )


class RetrainForm(forms.Form):
    epochs = forms.IntegerField(min_value=1, max_value=200, initial=20)
    from_scratch = forms.BooleanField(
        required=False, help_text="Start from random weights instead of the active version."
    )
    include_drawer_labels = forms.BooleanField(required=False, help_text="Also train on drawers' own labels.")
    dry_run = forms.BooleanField(required=False, help_text="A few batches only, to check the pipeline.")


class RetrainView(AdminPageView):
    """The "Retrain" button: queue a training run for the task worker."""

    template = "admin/recognizer/trainingrun/start.html"

    def get(self, request, form=None):
        if not self.model_admin.has_view_permission(request):
            raise PermissionDenied
        form = form or RetrainForm()
        split = labelled_split_counts()
        warnings = data_warnings(drawings_train=split["train"], drawings_test=split["test"])
        context = self.context(request, title="Retrain the model", form=form, split=split, warnings=warnings)
        return TemplateResponse(request, self.template, context)

    def post(self, request):
        if not request.user.has_perm("recognizer.add_modelversion"):
            raise PermissionDenied
        form = RetrainForm(request.POST)
        if not form.is_valid():
            return self.get(request, form)
        run = start_retraining(requested_by=request.user, **form.cleaned_data)
        messages.success(request, f"Queued training run {run.pk}; the task worker (manage.py db_worker) runs it.")
        return redirect(reverse("admin:recognizer_trainingrun_changelist"))
