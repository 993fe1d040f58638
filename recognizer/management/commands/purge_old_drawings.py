"""`python manage.py purge_old_drawings [--dry-run]`: delete drawings older than DRAWING_RETENTION_DAYS.

Meant for cron (daily). Rows and image files go for good; a model version already trained on a
deleted drawing keeps its weights. DRAWING_RETENTION_DAYS=0 keeps every drawing.
"""

from django.conf import settings
from django.core.management.base import BaseCommand

from recognizer.reading.deletion import purge_old_drawings


class Command(BaseCommand):
    help = "Delete drawings and written numbers (rows and image files) older than DRAWING_RETENTION_DAYS."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="only say what would be deleted")

    def handle(self, *args, **options):
        days = settings.DRAWING_RETENTION_DAYS
        if days == 0:
            self.stdout.write("DRAWING_RETENTION_DAYS is 0: drawings are kept until deleted; nothing removed.")
            return
        purge = purge_old_drawings(days=days, dry_run=options["dry_run"])
        verb = "Would remove" if options["dry_run"] else "Removed"
        self.stdout.write(
            f"{verb} {purge.drawings} drawing(s) and {purge.numbers} written number(s) with their "
            f"{purge.digits} digit drawing(s), {purge.files} file(s) in all: everything made before "
            f"{purge.before:%Y-%m-%d %H:%M} UTC (DRAWING_RETENTION_DAYS={days})."
        )
