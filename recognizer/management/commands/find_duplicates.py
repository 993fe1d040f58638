"""Report (or merge) drawings stored more than once: `python manage.py find_duplicates [--merge]`."""

from datetime import timedelta

from django.core.management.base import BaseCommand

from recognizer.reading.duplicates import duplicate_groups, merge_duplicates


class Command(BaseCommand):
    help = "Find drawings with the same network input from the same browser; --merge keeps the first of each."

    def add_arguments(self, parser):
        parser.add_argument("--merge", action="store_true", help="delete the copies (default: only report)")
        parser.add_argument(
            "--within", type=float, default=None, help="only copies at most this many seconds after the first"
        )
        parser.add_argument("--show", type=int, default=20, help="groups to list (default 20)")

    def handle(self, *args, **options):
        within = timedelta(seconds=options["within"]) if options["within"] is not None else None
        groups = duplicate_groups(within=within)
        copies = sum(len(g.copies) for g in groups)
        self.stdout.write(f"{len(groups)} group(s), {copies} duplicate row(s).")
        for group in groups[: options["show"]]:
            ids = ", ".join(str(d.pk) for d in group.copies)
            self.stdout.write(f"  drawing {group.keep.pk} ({group.keep.get_status_display()}): copies {ids}")
        if options["merge"] and groups:
            deleted = merge_duplicates(groups)
            self.stdout.write(f"Merged {deleted} duplicate row(s) into {len(groups)} drawing(s).")
