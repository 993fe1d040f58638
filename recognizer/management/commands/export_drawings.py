"""Export labelled drawings as a dataset: `python manage.py export_drawings --format idx --out DIR`."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from recognizer.api.filters import DrawingFilter
from recognizer.modelops.exports import FORMATS, DirectorySink, EmptyExportError, export
from recognizer.reading.selectors import labelled_drawings


class Command(BaseCommand):
    help = "Write staff-labelled drawings (optionally drawers' labels too) as IDX, PNG + CSV, NPZ, Parquet or NDJSON."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=FORMATS, default="idx", help="dataset format (default idx)")
        parser.add_argument("--out", type=Path, required=True, help="folder to write (created if missing)")
        parser.add_argument("--include-drawer-labels", action="store_true", help="also use drawers' own labels")
        parser.add_argument("--label", help="only this label (0-9)")
        parser.add_argument("--digit", help="only drawings predicted as this digit (0-9)")
        parser.add_argument("--model-version", help="only drawings read by this model version (name)")
        parser.add_argument("--created-after", help="ISO date-time, inclusive")
        parser.add_argument("--created-before", help="ISO date-time, exclusive")

    def handle(self, *args, **options):
        out: Path = options["out"]
        if out.exists() and any(out.iterdir()):
            raise CommandError(f"{out} is not empty; choose a new folder.")
        query = {key: options[key] for key in ("label", "digit", "created_after", "created_before") if options[key]}
        drawings = DrawingFilter(
            query, queryset=labelled_drawings(include_drawer_labels=options["include_drawer_labels"])
        )
        if not drawings.is_valid():
            raise CommandError(f"Invalid filter: {drawings.errors.as_text()}")
        selected = drawings.qs
        if options["model_version"]:
            selected = selected.filter(model_version__name=options["model_version"])
        description = {**query, "include_drawer_labels": options["include_drawer_labels"]}
        if options["model_version"]:
            description["model_version"] = options["model_version"]
        try:
            steps = export(selected, fmt=options["format"], sink=DirectorySink(out), description=description)
        except EmptyExportError as exc:
            raise CommandError(f"{exc} (exports use staff labels; --include-drawer-labels adds drawers').") from exc
        for _ in steps:
            pass
        self.stdout.write(f"Exported {selected.count()} drawings as {options['format']} to {out}.")
