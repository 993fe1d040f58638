"""The queries behind the API lists, the admin list and the review queue use indexes, so their
pages stay fast at any table size (bench/admin_speed.py measures the times; this checks plans)."""

import random

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection

from recognizer.models import Drawing
from recognizer.reading.selectors import drawings_visible_to, review_queue
from recognizer.tests.factories import PREVIEW, make_version

pytestmark = pytest.mark.django_db
ROWS = 4000


@pytest.fixture
def many_drawings():
    version = make_version(active=True)
    rng = random.Random(0)
    Drawing.objects.bulk_create(
        Drawing(
            predicted_digit=rng.randrange(10),
            confidence=rng.random(),
            probabilities=[0.1] * 10,
            preview_png=PREVIEW,
            model_version=version,
            image=f"drawings/{index}.png",
            owner_key=f"owner-{index % 400}",
            status="unreviewed" if index % 3 else "confirmed",
            label=None if index % 3 else rng.randrange(10),
            label_source="" if index % 3 else "staff",
        )
        for index in range(ROWS)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # statistics, as a production database keeps them


def _full_scans(plan: str) -> list[str]:
    """Plan lines that read the whole drawing table or sort it (SQLite and PostgreSQL wording)."""
    lines = plan.splitlines()
    if connection.vendor == "postgresql":
        return [line for line in lines if "Seq Scan on recognizer_drawing" in line]
    return [
        line for line in lines if ("SCAN recognizer_drawing" in line and "INDEX" not in line) or "TEMP B-TREE" in line
    ]


QUERIES = {
    "a visitor's history, newest first": lambda: drawings_visible_to(user=AnonymousUser(), owner_key="owner-7")[:20],
    "the review queue": lambda: review_queue()[:20],
    "the admin list's default order": lambda: Drawing.objects.order_by("-status", "confidence", "id")[:100],
    "filtered by predicted digit": lambda: Drawing.objects.filter(predicted_digit=4).order_by("-created_at")[:100],
    "filtered by label": lambda: Drawing.objects.filter(label=4).order_by("-created_at")[:100],
    "staff history, newest first": lambda: Drawing.objects.order_by("-created_at")[:20],
}


@pytest.mark.parametrize("name", QUERIES)
def test_list_queries_use_an_index(many_drawings, name):
    plan = QUERIES[name]().explain()
    assert _full_scans(plan) == [], plan
