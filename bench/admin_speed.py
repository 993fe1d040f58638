"""Admin pages with 100,000 drawings: time to render and queries per page.

Fills a throw-away database (a new SQLite file by default; BENCH_DATABASE_URL names an empty
PostgreSQL database to use instead, which it leaves filled) with N
drawings spread over digits, confidences, labels and statuses, then renders the drawing list
(default order, with filters, a search), the keyboard review page and the quality page as a
staff user through Django's test client, so the numbers are server time without a network.

Run: `.venv/bin/python -m bench.admin_speed --drawings 100000`
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def configure(workdir: Path) -> None:
    os.environ.setdefault(
        "DATABASE_URL", os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{workdir / 'admin.sqlite3'}")
    )
    os.environ["MEDIA_ROOT"] = str(workdir / "media")
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ["DJANGO_SETTINGS_MODULE"] = "digitsite.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def fill(count: int) -> None:
    from django.utils import timezone

    from recognizer.models import Drawing
    from recognizer.tests.factories import PREVIEW, make_version

    versions = [make_version("bench-a", active=True), make_version("bench-b")]
    rng = random.Random(0)
    now = timezone.now()
    batch = []
    for i in range(count):
        digit = rng.randrange(10)
        confidence = rng.betavariate(8, 1)
        reviewed = rng.random() < 0.3
        label = (digit if rng.random() < 0.9 else rng.randrange(10)) if reviewed else None
        status = "unreviewed" if not reviewed else ("confirmed" if label == digit else "corrected")
        batch.append(
            Drawing(
                image=f"drawings/bench/{i}.png",
                preview_png=PREVIEW,
                predicted_digit=digit,
                probabilities=[confidence if d == digit else (1 - confidence) / 9 for d in range(10)],
                confidence=confidence,
                model_version=versions[i % 2],
                source="web",
                created_at=now - timezone.timedelta(minutes=i),
                label=label,
                label_source="staff" if reviewed else "",
                status=status,
            )
        )
        if len(batch) == 5000:
            Drawing.objects.bulk_create(batch)
            batch = []
    Drawing.objects.bulk_create(batch)


def measure(client, url: str, repeats: int) -> tuple[float, float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm caches (templates, first connection)
    times = []
    for _ in range(repeats):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(times), max(times), len(queries.captured_queries)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--drawings", type=int, default=100_000, help="rows to create")
    parser.add_argument("--repeats", type=int, default=5, help="timed requests per page")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as workdir:
        configure(Path(workdir))
        from django.contrib.auth import get_user_model
        from django.core.management import call_command
        from django.test import Client

        from recognizer.models import ModelVersion

        call_command("migrate", verbosity=0)
        started = time.perf_counter()
        fill(args.drawings)
        print(
            f"{args.drawings} drawings created in {time.perf_counter() - started:.1f} s "
            f"({os.environ['DATABASE_URL'].split(':')[0]})"
        )
        user = get_user_model().objects.create_superuser("bench", password="bench")
        client = Client()
        client.force_login(user)
        version = ModelVersion.objects.get(name="bench-a")
        pages = {
            "drawing list, default order": "/admin/recognizer/drawing/",
            "  filtered: unreviewed, confidence < 50%": "/admin/recognizer/drawing/?status__exact=unreviewed&confidence=lt50",
            "  filtered: prediction disagrees with label": "/admin/recognizer/drawing/?disagrees=yes",
            "  filtered: predicted 3, model version": f"/admin/recognizer/drawing/?predicted=3&model_version__id__exact={version.pk}",
            "  search by id": "/admin/recognizer/drawing/?q=54321",
            "drawing detail": "/admin/recognizer/drawing/54321/change/",
            "keyboard review page": "/admin/recognizer/drawing/review/",
            "quality page": f"/admin/recognizer/modelversion/{version.pk}/quality/",
        }
        print(f"{'page':<46} {'median':>9} {'max':>9} {'queries':>8}")
        for name, url in pages.items():
            median, worst, queries = measure(client, url, args.repeats)
            print(f"{name:<46} {median:7.1f} ms {worst:7.1f} ms {queries:8d}")


if __name__ == "__main__":
    main()
