"""check_storage: every file has its row and every row its file, on disk or in a bucket."""

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command

from recognizer.models import Drawing
from recognizer.reading.storage_audit import audit_storage
from testing.images import data_url

pytestmark = pytest.mark.django_db


def _run(*args: str) -> tuple[int, str]:
    from io import StringIO

    out = StringIO()
    try:
        call_command("check_storage", *args, stdout=out)
        return 0, out.getvalue()
    except SystemExit as exit_:
        return exit_.code, out.getvalue()


def test_a_consistent_store_passes(api, canvas_digit):
    for index in range(3):
        api.post("/api/v1/recognitions/", {"image_data": data_url(canvas_digit(index)[0])}, format="json")
    code, out = _run()
    assert code == 0, out
    assert "4 files, 4 rows with files; 0 files without a row, 0 rows without their file" in out  # 3 + model


def test_an_orphan_file_is_reported_after_the_grace_period_and_can_be_deleted(api, canvas_digit):
    api.post("/api/v1/recognitions/", {"image_data": data_url(canvas_digit(1)[0])}, format="json")
    orphan = default_storage.save("drawings/2026/11/23/orphan.png", ContentFile(b"x"))
    assert audit_storage().recent_orphans == 1 and audit_storage().consistent  # maybe still saving
    code, out = _run("--grace-minutes", "0")
    assert code == 1 and f"orphan: {orphan}" in out
    code, out = _run("--grace-minutes", "0", "--delete-orphans")
    assert code == 0 and "deleted 1 orphan files" in out
    assert not default_storage.exists(orphan) and Drawing.objects.count() == 1
    assert audit_storage(grace=timedelta(0)).consistent


def test_a_row_whose_file_is_gone_is_reported_and_never_deleted(api, canvas_digit):
    api.post("/api/v1/recognitions/", {"image_data": data_url(canvas_digit(2)[0])}, format="json")
    drawing = Drawing.objects.get()
    default_storage.delete(drawing.image.name)
    code, out = _run("--delete-orphans")
    assert code == 1 and f"missing: {drawing.image.name}" in out
    assert Drawing.objects.filter(pk=drawing.pk).exists()
