"""`python manage.py check_storage [--grace-minutes 10] [--delete-orphans]`: files vs rows.

Exit status 0 when consistent, 1 when not (for cron and monitoring). Orphan files appear when a
process dies between writing a drawing's file and committing its row; --delete-orphans removes
them. A row without its file is never "fixed" here: that needs a person (restore from backup).
"""

from datetime import timedelta

from django.core.management.base import BaseCommand

from recognizer.reading.storage_audit import audit_storage, delete_orphans


class Command(BaseCommand):
    help = "Check that every stored file has its database row and every row its file."

    def add_arguments(self, parser):
        parser.add_argument(
            "--grace-minutes",
            type=float,
            default=10.0,
            help="ignore files younger than this: their request may still be running (default 10)",
        )
        parser.add_argument("--delete-orphans", action="store_true", help="delete files that no row names")

    def handle(self, *args, **options):
        audit = audit_storage(grace=timedelta(minutes=options["grace_minutes"]))
        self.stdout.write(
            f"{audit.files} files, {audit.rows} rows with files; {len(audit.orphan_files)} files without a row, "
            f"{len(audit.missing_files)} rows without their file, {audit.recent_orphans} unclaimed files under "
            f"{options['grace_minutes']:g} minutes old"
        )
        for name in audit.missing_files:
            self.stdout.write(f"missing: {name}")
        for name in audit.orphan_files:
            self.stdout.write(f"orphan: {name}")
        if options["delete_orphans"] and audit.orphan_files:
            self.stdout.write(f"deleted {delete_orphans(audit.orphan_files)} orphan files")
            audit.orphan_files = []
        if not audit.consistent:
            raise SystemExit(1)
