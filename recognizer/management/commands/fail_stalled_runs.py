"""`python manage.py fail_stalled_runs [--minutes 15]`: run it from cron every few minutes."""

from datetime import timedelta

from django.core.management.base import BaseCommand

from recognizer.modelops.runs import fail_stalled_runs


class Command(BaseCommand):
    help = "Mark failed the training runs whose worker stopped (no heartbeat for --minutes)."

    def add_arguments(self, parser):
        parser.add_argument("--minutes", type=float, default=15.0, help="silence that means the worker is gone")

    def handle(self, *args, **options):
        stalled = fail_stalled_runs(quiet_for=timedelta(minutes=options["minutes"]))
        self.stdout.write(
            f"{len(stalled)} stalled training run(s) marked failed" + "".join(f"\n  run {r.pk}" for r in stalled)
        )
