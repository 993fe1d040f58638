"""Do stored files and database rows agree? Every drawing, written number and model version has its file, and
every file belongs to a row. Works through the storage API, so on a bucket as on a disk."""

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.core.files.storage import default_storage
from django.utils import timezone

from recognizer.models import Drawing, ModelVersion, NumberSubmission

STORED_FOLDERS = ("drawings", "models", "numbers")


@dataclass
class StorageAudit:
    files: int = 0
    rows: int = 0
    orphan_files: list[str] = field(default_factory=list)  # a file no row names
    missing_files: list[str] = field(default_factory=list)  # a row whose file is gone
    recent_orphans: int = 0  # orphans younger than the grace period: perhaps still being saved

    @property
    def consistent(self) -> bool:
        return not self.orphan_files and not self.missing_files


def _walk(folder: str) -> Iterator[str]:
    try:
        folders, files = default_storage.listdir(folder)  # buckets have no folders to "exist"
    except FileNotFoundError:
        return
    for name in files:
        yield f"{folder}/{name}"
    for child in folders:
        yield from _walk(f"{folder}/{child}")


def _referenced_names() -> set[str]:
    names = set(Drawing.objects.values_list("image", flat=True).iterator(chunk_size=5000))
    names |= set(NumberSubmission.objects.values_list("image", flat=True).iterator(chunk_size=5000))
    return names | set(ModelVersion.objects.values_list("checkpoint", flat=True))


def audit_storage(*, grace: timedelta = timedelta(minutes=10), now: datetime | None = None) -> StorageAudit:
    """Compare files with rows. A file written in the last `grace` may belong to a request still
    running (the file is written just before its row commits): it is counted, not reported."""
    now = now or timezone.now()
    referenced = _referenced_names()
    audit = StorageAudit(rows=len(referenced))
    stored = set()
    for folder in STORED_FOLDERS:
        for name in _walk(folder):
            stored.add(name)
            if name in referenced:
                continue
            if now - default_storage.get_modified_time(name) < grace:
                audit.recent_orphans += 1
            else:
                audit.orphan_files.append(name)
    audit.files = len(stored)
    audit.missing_files = sorted(referenced - stored)
    audit.orphan_files.sort()
    return audit


def delete_orphans(names: list[str]) -> int:
    """Remove files no row names (the audit's orphans; never a file a row points to)."""
    referenced = _referenced_names()
    deleted = 0
    for name in names:
        if name not in referenced:
            default_storage.delete(name)
            deleted += 1
    return deleted
