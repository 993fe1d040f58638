"""How long drawings are kept: the privacy endpoint and `manage.py purge_old_drawings`."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from recognizer.models import Drawing, NumberSubmission
from recognizer.tests.factories import make_drawing, make_number

pytestmark = pytest.mark.django_db


def _purge(*args: str) -> str:
    out = StringIO()
    call_command("purge_old_drawings", *args, stdout=out)
    return out.getvalue()


def _files(media) -> set[str]:
    return {str(p.relative_to(media)) for folder in ("drawings", "numbers") for p in (media / folder).rglob("*.*")}


@pytest.fixture
def aged(version, settings):
    """Drawings and numbers either side of a 30-day retention: {name: row}."""
    settings.DRAWING_RETENTION_DAYS = 30
    now = timezone.now()
    return {
        "old drawing": make_drawing(version, created_at=now - timedelta(days=31)),
        "old drawing 2": make_drawing(version, created_at=now - timedelta(days=400)),
        "new drawing": make_drawing(version, created_at=now - timedelta(days=29)),
        "old number": make_number(version, digits=3, created_at=now - timedelta(days=45)),
        "new number": make_number(version, digits=2, created_at=now - timedelta(days=1)),
    }


def test_purge_deletes_what_is_older_than_the_retention_with_its_files(
    aged, isolated_media, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        out = _purge()
    assert "Removed 2 drawing(s) and 1 written number(s) with their 3 digit drawing(s), 6 file(s)" in out
    assert "DRAWING_RETENTION_DAYS=30" in out
    assert set(Drawing.objects.filter(number__isnull=True)) == {aged["new drawing"]}
    assert set(NumberSubmission.objects.all()) == {aged["new number"]}
    assert Drawing.objects.filter(number__isnull=False).count() == 2
    kept = [aged["new drawing"], aged["new number"], *aged["new number"].digits.all()]
    assert _files(isolated_media) == {row.image.name for row in kept}


def test_a_dry_run_says_what_would_go_and_deletes_nothing(aged, isolated_media, django_capture_on_commit_callbacks):
    files = _files(isolated_media)
    with django_capture_on_commit_callbacks(execute=True):
        out = _purge("--dry-run")
    assert "Would remove 2 drawing(s) and 1 written number(s) with their 3 digit drawing(s), 6 file(s)" in out
    assert Drawing.objects.count() == 3 + 5 and NumberSubmission.objects.count() == 2
    assert _files(isolated_media) == files


def test_a_retention_of_zero_keeps_everything(aged, settings):
    settings.DRAWING_RETENTION_DAYS = 0
    assert "nothing removed" in _purge()
    assert Drawing.objects.count() == 8 and NumberSubmission.objects.count() == 2


def test_purge_works_through_more_rows_than_one_batch(version, settings, monkeypatch):
    from recognizer.reading import deletion

    monkeypatch.setattr(deletion, "BATCH", 2)
    settings.DRAWING_RETENTION_DAYS = 1
    old = timezone.now() - timedelta(days=2)
    for _ in range(5):
        make_drawing(version, created_at=old)
    assert "Removed 5 drawing(s)" in _purge()
    assert not Drawing.objects.exists()


def test_the_privacy_endpoint_tells_the_retention(api, settings):
    settings.DRAWING_RETENTION_DAYS = 365
    assert api.get("/api/v1/privacy/").json() == {"retention_days": 365}
    settings.DRAWING_RETENTION_DAYS = 0
    response = api.get("/api/v1/privacy/")
    assert response.status_code == 200 and response.json() == {"retention_days": None}
