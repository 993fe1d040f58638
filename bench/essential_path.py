"""The essential path: only the work a stored recognition cannot skip, with no framework around it.

A baseline for issue 19, as bench/seed_flask.py is: it tells how much of a stored recognition's
cost is the work itself and how much is the site's framework (Django's request handling and
middleware, DRF, the ORM, Django's file storage). Never part of the site: it has no validation
beyond what preprocessing does, no error answers, no owner cookie, no log line, no throttling.

`POST /` with the site's JSON body (`image_data` as a data URL): read the JSON and the base64, the
site's own preprocessing (ml.preprocess) and five-view reading of the shipped LeNet-5, the
preview PNG and its SHA-256, the PNG written to a new file (one exclusive open), and the site's
own row: one INSERT into the site's `recognizer_drawing` table (its columns, indexes and
constraints, foreign keys on, as Django's SQLite backend sets them) of the site's migrated SQLite
database, committed, its writers taking turns as the site's do; the site must have read one
drawing first, so that its model version is registered. A JSON answer with the id, the digit and
the probabilities. Torch as the site sets it: one thread, oneDNN off. Its files are named
`essential/<random>.png`, which tells its rows from the site's.

`ESSENTIAL_VIEWS=1` reads once instead of in five views, as the seed reads: the floor of a design
that gave up issue 16's five-view reading as well as the framework.

Under gunicorn (the files and the database from the environment; `-c /dev/null` keeps gunicorn
from reading the site's gunicorn.conf.py in the project folder):
    ESSENTIAL_MEDIA=/tmp/e ESSENTIAL_DATABASE=db.sqlite3 .venv/bin/gunicorn -c /dev/null \
        'bench.essential_path:create_app()' -k gthread -w 2 --threads 4 --preload
bench/api_load.py (`--essential`) and bench/recognition_cpu.py (`--essential`) run it beside ours.
"""

import base64
import fcntl
import io
import json
import os
import secrets
import sqlite3
import threading
import uuid
from datetime import UTC, datetime
from pathlib import Path

import torch

from ml.inference import Predictor
from ml.preprocess import preprocess_image
from ml.views import READING_VIEWS, SINGLE_VIEW
from ml.weights import SHIPPED_WEIGHTS
from recognizer.reading.content import input_digest  # pure: no Django

FOLDER = "essential"  # the start of its rows' image names
INSERT = (
    "INSERT INTO recognizer_drawing (image, preview_png, input_sha256, strokes, predicted_digit, probabilities,"
    " confidence, not_a_digit, model_version_id, source, owner_key, created_at, label, label_source,"
    " drawer_not_a_digit, status) VALUES (?, ?, ?, NULL, ?, ?, ?, ?, ?, 'api', ?, ?, NULL, '', 0, 'unreviewed')"
)


def create_app(media: Path | str | None = None, database: Path | str | None = None, checkpoint=SHIPPED_WEIGHTS):
    """The WSGI application; `media` and `database` default to ESSENTIAL_MEDIA and ESSENTIAL_DATABASE."""
    torch.set_num_threads(1)
    torch.backends.mkldnn.enabled = False
    media = Path(media or os.environ["ESSENTIAL_MEDIA"])
    database = str(database or os.environ["ESSENTIAL_DATABASE"])
    (media / FOLDER).mkdir(parents=True, exist_ok=True)
    views = SINGLE_VIEW if os.environ.get("ESSENTIAL_VIEWS") == "1" else READING_VIEWS  # five, as the site reads
    predictor = Predictor.from_checkpoint(checkpoint, views=views)
    connections = threading.local()  # one connection per thread, as Django keeps them
    # Writers take turns as the site's do (recognizer.db.writers_take_turns, which needs Django):
    # threads on a lock, processes on flock() of the same lock file, so that no writer sleeps in
    # SQLite's busy handler while the write lock is free.
    turn = threading.Lock()
    turn_files: dict[int, int] = {}  # by process: flock() between forked workers needs a file each

    def turn_file() -> int:
        if os.getpid() not in turn_files:
            turn_files[os.getpid()] = os.open(f"{database}.writers", os.O_RDWR | os.O_CREAT, 0o600)
        return turn_files[os.getpid()]

    def connection() -> sqlite3.Connection:
        if not hasattr(connections, "db"):
            connections.db = sqlite3.connect(database, isolation_level=None, timeout=30)
            connections.db.execute("PRAGMA foreign_keys = ON")  # as Django's SQLite backend
            connections.db.execute("PRAGMA synchronous=NORMAL")
            version = connections.db.execute("SELECT id FROM recognizer_modelversion WHERE is_active").fetchone()
            if version is None:
                raise RuntimeError("no active model version: let the site read one drawing first")
            connections.model_version = version[0]
        return connections.db

    def application(environ, start_response):
        body = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
        image = base64.b64decode(json.loads(body)["image_data"].split(",")[-1])
        prepared = preprocess_image(image, expected_format="PNG")
        prediction = predictor.predict_prepared([prepared])[0]
        preview = io.BytesIO()  # as recognizer.reading.services.png_bytes, which needs Django
        prediction.preview.save(preview, format="PNG", compress_level=1)
        name = f"{FOLDER}/{uuid.uuid4().hex}.png"
        with os.fdopen(os.open(media / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644), "wb") as file:
            file.write(image)
        db = connection()
        values = (
            name,
            preview.getvalue(),
            input_digest(prediction.preview),
            prediction.digit,
            json.dumps(prediction.probabilities),
            prediction.confidence,
            prediction.not_a_digit,
            connections.model_version,
            secrets.token_hex(16),  # a new browser's key, as the site's owner cookie holds
            datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S.%f"),
        )
        with turn:
            fcntl.flock(turn_file(), fcntl.LOCK_EX)
            try:
                db.execute("BEGIN IMMEDIATE")  # as the site's SQLite transactions
                row = db.execute(INSERT, values).lastrowid
                db.execute("COMMIT")
            finally:
                fcntl.flock(turn_file(), fcntl.LOCK_UN)
        answer = json.dumps({"id": row, "digit": prediction.digit, "probabilities": prediction.probabilities}).encode()
        start_response("201 Created", [("Content-Type", "application/json"), ("Content-Length", str(len(answer)))])
        return [answer]

    return application


def stored_rows(database: Path | str) -> int:
    """The essential path's rows in the site's database."""
    with sqlite3.connect(database) as db:
        return db.execute("SELECT count(*) FROM recognizer_drawing WHERE image LIKE ?", (f"{FOLDER}/%",)).fetchone()[0]
