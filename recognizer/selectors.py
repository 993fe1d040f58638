"""Reads shared by the API, the admin and exports."""

from django.db.models import QuerySet

from recognizer.models import Drawing


def drawings_visible_to(*, user, owner_key: str) -> QuerySet[Drawing]:
    """Staff see every drawing; anyone else only those made in their own browser session."""
    drawings = Drawing.objects.select_related("model_version").defer("strokes")
    if user.is_authenticated and user.is_staff:
        return drawings
    if not owner_key:
        return drawings.none()
    return drawings.filter(owner_key=owner_key)
