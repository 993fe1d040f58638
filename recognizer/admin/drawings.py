"""Drawings in the admin: review fast (lists, filters, bulk actions, keyboard queue) and export."""

from django.contrib import admin, messages
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join

from recognizer.admin import pages
from recognizer.admin.filters import FILTERS
from recognizer.api.files import export_response
from recognizer.modelops.exports import FORMAT_NAMES, FORMATS, EmptyExportError
from recognizer.models import Drawing
from recognizer.reading.reviews import CONFIRM, REJECT, RESET, review_drawings
from recognizer.reading.selectors import labelled_drawings


def _drawing_img(drawing: Drawing, style: str) -> str:
    """The submitted drawing, served by the staff-only image view, on white paper."""
    url = reverse("admin:recognizer_drawing_image", args=[drawing.pk])
    return format_html('<img src="{}" loading="lazy" alt="" style="background:#fff;{}">', url, style)


def _label_action(digit: int):
    def action(modeladmin, request, queryset):
        changed = review_drawings(queryset, reviewer=request.user, decision=digit)
        modeladmin.message_user(request, f"Labelled {changed} drawing(s) as {digit}.", messages.SUCCESS)

    action.__name__ = f"label_as_{digit}"
    return admin.action(description=f"Label as {digit}", permissions=["change"])(action)


def _export_action(fmt: str):
    def action(modeladmin, request, queryset):
        # Exactly the selection (or, with "select all", the current filter), limited to
        # drawings with a staff label: the others have no trustworthy answer to train on.
        selected = labelled_drawings().filter(pk__in=queryset.values("pk"))
        scope = "all matching the filter" if request.POST.get("select_across") == "1" else "selected"
        description = {"admin_selection": scope}
        try:
            return export_response(selected, fmt=fmt, description=description)
        except EmptyExportError:
            chosen = queryset.count()
            modeladmin.message_user(
                request,
                f"Nothing exported: none of the {chosen:,} drawing(s) selected has a staff label. "
                "Review them first (exports use staff labels only).",
                messages.WARNING,
            )
            return None

    action.__name__ = f"export_{fmt}"
    description = FORMAT_NAMES[fmt]
    return admin.action(description=f"Export staff-labelled drawings as {description} (zip)", permissions=["view"])(
        action
    )


@admin.action(description="Confirm the prediction as the label", permissions=["change"])
def confirm_predictions(modeladmin, request, queryset):
    changed = review_drawings(queryset, reviewer=request.user, decision=CONFIRM)
    modeladmin.message_user(request, f"Confirmed {changed} prediction(s).", messages.SUCCESS)


@admin.action(description="Reject as not a digit", permissions=["change"])
def reject_drawings(modeladmin, request, queryset):
    changed = review_drawings(queryset, reviewer=request.user, decision=REJECT)
    modeladmin.message_user(request, f"Rejected {changed} drawing(s).", messages.SUCCESS)


@admin.register(Drawing)
class DrawingAdmin(admin.ModelAdmin):
    class Media:
        css = {"all": ["recognizer/admin.css"]}

    list_display = [
        "id",
        "drawing_thumbnail",
        "preview_thumbnail",
        "predicted_digit",
        "confidence_percent",
        "not_a_digit",
        "label_with_source",
        "status",
        "model_version",
        "created_at",
    ]
    list_display_links = ["id", "drawing_thumbnail"]
    list_filter = FILTERS
    search_fields = ["=id"]
    search_help_text = "Search by drawing id."
    list_select_related = ["model_version"]
    list_per_page = 50
    show_full_result_count = False  # one COUNT less on large tables
    # What needs review first: "unreviewed" sorts last alphabetically, so descending puts it
    # first; then the least confident. Index drawing_review_queue serves exactly this order.
    ordering = ["-status", "confidence", "id"]
    actions = [
        confirm_predictions,
        reject_drawings,
        *(_label_action(d) for d in range(10)),
        *(_export_action(fmt) for fmt in FORMATS),
    ]
    fields = [
        "drawing_large",
        "preview_thumbnail",
        "probability_chart",
        "strokes_drawing",
        "label",
        "status",
        "predicted_digit",
        "confidence_percent",
        "not_a_digit",
        "model_version",
        "source",
        "label_source",
        "drawer_not_a_digit",
        "reviewed_by",
        "reviewed_at",
        "created_at",
        "number_link",
    ]
    readonly_fields = [f for f in fields if f not in ("label", "status")]

    def has_add_permission(self, request):
        return False  # drawings only come from recognitions

    def get_queryset(self, request):
        return super().get_queryset(request).defer("strokes")

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("review/", view(pages.ReviewView.as_view(model_admin=self)), name="recognizer_drawing_review"),
            path("<int:pk>/image/", view(pages.drawing_image(self)), name="recognizer_drawing_image"),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        review = reverse("admin:recognizer_drawing_review")
        extra_context = {
            **(extra_context or {}),
            "review_url": review,
            "suggestions_url": f"{review}?queue=suggestions",
        }
        return super().changelist_view(request, extra_context)

    def save_model(self, request, obj, form, change):
        """Edits of label or status are reviews: they go through the review service."""
        if not change or not {"label", "status"} & set(form.changed_data):
            return
        if obj.status == Drawing.Status.REJECTED:
            decision = REJECT
        elif obj.label is not None:
            decision = obj.label
        elif obj.status == Drawing.Status.CONFIRMED:
            decision = CONFIRM
        else:
            decision = RESET
        review_drawings(Drawing.objects.filter(pk=obj.pk), reviewer=request.user, decision=decision)
        obj.refresh_from_db()

    @admin.display(description="drawing")
    def drawing_thumbnail(self, drawing: Drawing) -> str:
        return _drawing_img(drawing, "width:56px;height:56px")

    @admin.display(description="network input")
    def preview_thumbnail(self, drawing: Drawing) -> str:
        return format_html(
            '<img src="{}" width="56" height="56" alt="" style="image-rendering:pixelated">',
            drawing.preview_data_url,
        )

    @admin.display(description="part of a written number")
    def number_link(self, drawing: Drawing) -> str:
        if drawing.number_id is None:
            return "—"
        url = reverse("admin:recognizer_numbersubmission_change", args=[drawing.number_id])
        return format_html('digit {} of <a href="{}">number {}</a>', drawing.position + 1, url, drawing.number_id)

    @admin.display(description="label (whose)", ordering="label")
    def label_with_source(self, drawing: Drawing) -> str:
        if drawing.label is None:
            return "drawer: not a digit" if drawing.drawer_not_a_digit else "—"
        if drawing.label_source == Drawing.LabelSource.DRAWER:
            return format_html(
                '{} <span class="provenance" title="the drawer\'s suggestion">drawer</span>', drawing.label
            )
        return format_html(
            '<strong>{}</strong> <span class="provenance" title="a staff review">staff</span>', drawing.label
        )

    @admin.display(description="confidence", ordering="confidence")
    def confidence_percent(self, drawing: Drawing) -> str:
        return f"{drawing.confidence:.1%}"

    @admin.display(description="drawing")
    def drawing_large(self, drawing: Drawing) -> str:
        return _drawing_img(drawing, "max-width:280px;border:1px solid #ccc")

    @admin.display(description="probabilities")
    def probability_chart(self, drawing: Drawing) -> str:
        return format_html_join(
            "",
            '<div style="display:flex;gap:6px;align-items:center;font-family:monospace">{}'
            '<span style="display:inline-block;height:10px;width:{}px;background:{}"></span>{}</div>',
            (
                (d, round(p * 240) + 1, "#2f6fed" if d == drawing.predicted_digit else "#9db4e8", f"{p:.1%}")
                for d, p in enumerate(drawing.probabilities)
            ),
        )

    @admin.display(description="strokes")
    def strokes_drawing(self, drawing: Drawing) -> str:
        return pages.strokes_svg(drawing.strokes) if drawing.strokes else "—"
