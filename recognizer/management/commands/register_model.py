"""Register a checkpoint trained elsewhere: `python manage.py register_model FILE [--activate]`."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ml.checkpoint import CheckpointError
from recognizer.modelops.registry import activate_version
from recognizer.reading.active_model import register_checkpoint


class Command(BaseCommand):
    help = "Store a LeNet-5 checkpoint (from `python -m ml.training.train`) as a model version; optionally activate it."

    def add_arguments(self, parser):
        parser.add_argument("checkpoint", type=Path, help="a .pt file written by ml.training.train")
        parser.add_argument("--name", help="the version's name (default: from the checkpoint)")
        parser.add_argument("--activate", action="store_true", help="make it the version that answers")

    def handle(self, *args, **options):
        path: Path = options["checkpoint"]
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        try:
            version = register_checkpoint(path.read_bytes(), name=options["name"])
        except CheckpointError as exc:
            raise CommandError(f"{path} is not a usable checkpoint: {exc}") from exc
        if options["activate"]:
            version = activate_version(version)
        state = "active" if version.is_active else "inactive"
        self.stdout.write(f"{version.name} (id {version.pk}, {state})")
