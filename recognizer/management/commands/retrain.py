"""Queue a retraining job: `python manage.py retrain [--epochs N] [--from-scratch] ...`."""

from django.core.management.base import BaseCommand, CommandError

from recognizer.modelops.runs import start_retraining


class Command(BaseCommand):
    help = "Queue training on MNIST plus labelled drawings; `manage.py db_worker` runs it. Never activates."

    def add_arguments(self, parser):
        parser.add_argument("--epochs", type=int, default=20, help="training epochs (default 20)")
        parser.add_argument(
            "--from-scratch", action="store_true", help="start from random weights, not the active version"
        )
        parser.add_argument("--include-drawer-labels", action="store_true", help="also train on drawers' own labels")
        parser.add_argument("--dry-run", action="store_true", help="a few batches only, to check the pipeline")

    def handle(self, *args, **options):
        try:
            run = start_retraining(
                epochs=options["epochs"],
                from_scratch=options["from_scratch"],
                include_drawer_labels=options["include_drawer_labels"],
                dry_run=options["dry_run"],
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Queued training run {run.pk}; `python manage.py db_worker` runs it.")
