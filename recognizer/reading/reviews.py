"""Labels: staff reviews (one UPDATE for any selection) and the drawer's own feedback."""

from django.db.models import Case, F, QuerySet, Value, When
from django.utils import timezone

from recognizer.models import Drawing


class FeedbackNotAllowedError(Exception):
    """The drawer may not relabel a drawing that staff already reviewed."""


CONFIRM = "confirm"
REJECT = "reject"
RESET = "reset"  # back to unreviewed, without a label


def review_drawings(drawings: QuerySet[Drawing], *, reviewer, decision: int | str) -> int:
    """Staff review in one UPDATE: a digit 0-9 as the label, CONFIRM the prediction, REJECT, or RESET.

    Records who reviewed and when; returns how many drawings changed.
    """
    if decision == RESET:
        return drawings.update(
            status=Drawing.Status.UNREVIEWED, label=None, label_source="", reviewed_by=None, reviewed_at=None
        )
    stamp = {"reviewed_by": reviewer, "reviewed_at": timezone.now()}
    if decision == REJECT:
        return drawings.update(status=Drawing.Status.REJECTED, label=None, label_source="", **stamp)
    # A staff label overrides the drawer's "not a digit" suggestion.
    stamp["drawer_not_a_digit"] = False
    if decision == CONFIRM:
        label = F("predicted_digit")
    elif isinstance(decision, int) and not isinstance(decision, bool) and 0 <= decision <= 9:
        label = Value(decision)
    else:
        raise ValueError(f"Not a review decision: {decision!r}")
    status = Case(
        When(predicted_digit=label, then=Value(Drawing.Status.CONFIRMED)),
        default=Value(Drawing.Status.CORRECTED),
    )
    return drawings.update(label=label, label_source=Drawing.LabelSource.STAFF, status=status, **stamp)


def record_feedback(*, drawing: Drawing, label: int | None, user=None) -> Drawing:
    """Store what the digit really is (`label` None: it is not a digit): staff answers are
    reviews (not a digit rejects it), a drawer's is a suggestion."""
    if user is not None and user.is_authenticated and user.is_staff:
        decision = REJECT if label is None else label
        review_drawings(Drawing.objects.filter(pk=drawing.pk), reviewer=user, decision=decision)
        drawing.refresh_from_db()
        return drawing
    if drawing.label_source == Drawing.LabelSource.STAFF or drawing.status == Drawing.Status.REJECTED:
        raise FeedbackNotAllowedError("Staff already reviewed this drawing.")
    drawing.label = label
    drawing.label_source = Drawing.LabelSource.NONE if label is None else Drawing.LabelSource.DRAWER
    drawing.drawer_not_a_digit = label is None
    drawing.save(update_fields=["label", "label_source", "drawer_not_a_digit"])
    return drawing
