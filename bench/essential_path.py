"""The essential path: only the work a stored recognition cannot skip, with no framework around it.

A baseline for issue 19, as bench/seed_flask.py is: it tells how much of a stored recognition's
cost is the work itself and how much is the site's framework (Django's request handling and
middleware, DRF, the ORM, Django's file storage). Never part of the site: it has no validation
beyond what preprocessing does, no error answers, no owner cookie, no log line, no throttling.

`POST /` with the site's JSON body (`image_data` as a data URL): read the JSON and the base64, the
site's own preprocessing (ml.preprocess) and five-view reading of the shipped LeNet-5, the
preview PNG and its SHA-256, the PNG written to a new file (one exclusive open), one row inserted
and committed (sqlite3 in WAL mode with synchronous=NORMAL, as the site's SQLite runs), a JSON
answer with the id, the digit and the probabilities. Torch as the site sets it: one thread, oneDNN off.

Under gunicorn (the files and the database from the environment; `-c /dev/null` keeps gunicorn
from reading the site's gunicorn.conf.py in the project folder):
    ESSENTIAL_MEDIA=/tmp/e ESSENTIAL_DATABASE=/tmp/e.sqlite3 .venv/bin/gunicorn -c /dev/null \
        'bench.essential_path:create_app()' -k gthread -w 2 --threads 4 --preload
bench/api_load.py (`--essential`) and bench/recognition_cpu.py (`--essential`) run it beside ours.
"""

import base64
import hashlib
import io
import json
import os
import sqlite3
import threading
import uuid
from pathlib import Path

import torch

from ml.inference import Predictor
from ml.preprocess import preprocess_image
from ml.weights import SHIPPED_WEIGHTS

TABLE = "drawing"
SCHEMA = (
    f"CREATE TABLE IF NOT EXISTS {TABLE} (id INTEGER PRIMARY KEY, image TEXT, preview_png BLOB,"
    " input_sha256 TEXT, predicted_digit INTEGER, probabilities TEXT, confidence REAL, created_at TEXT)"
)
INSERT = (
    f"INSERT INTO {TABLE} (image, preview_png, input_sha256, predicted_digit, probabilities, confidence,"
    " created_at) VALUES (?, ?, ?, ?, ?, ?, datetime('now'))"
)


def create_app(media: Path | str | None = None, database: Path | str | None = None, checkpoint=SHIPPED_WEIGHTS):
    """The WSGI application; `media` and `database` default to ESSENTIAL_MEDIA and ESSENTIAL_DATABASE."""
    torch.set_num_threads(1)
    torch.backends.mkldnn.enabled = False
    media = Path(media or os.environ["ESSENTIAL_MEDIA"])
    database = str(database or os.environ["ESSENTIAL_DATABASE"])
    media.mkdir(parents=True, exist_ok=True)
    predictor = Predictor.from_checkpoint(checkpoint)  # five views, as the site reads
    with sqlite3.connect(database) as db:  # made and closed before gunicorn forks its workers
        db.execute("PRAGMA journal_mode=WAL")
        db.execute(SCHEMA)
    connections = threading.local()  # one connection per thread, as Django keeps them

    def connection() -> sqlite3.Connection:
        if not hasattr(connections, "db"):
            connections.db = sqlite3.connect(database, isolation_level=None)
            connections.db.execute("PRAGMA synchronous=NORMAL")
        return connections.db

    def application(environ, start_response):
        body = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
        image = base64.b64decode(json.loads(body)["image_data"].split(",")[-1])
        prepared = preprocess_image(image, expected_format="PNG")
        prediction = predictor.predict_prepared([prepared])[0]
        preview = io.BytesIO()
        prediction.preview.save(preview, format="PNG", compress_level=1)
        name = f"{uuid.uuid4().hex}.png"
        with os.fdopen(os.open(media / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644), "wb") as file:
            file.write(image)
        db = connection()
        db.execute("BEGIN IMMEDIATE")  # the site's SQLite writers take turns the same way
        row = db.execute(
            INSERT,
            (
                name,
                preview.getvalue(),
                hashlib.sha256(prediction.preview.tobytes()).hexdigest(),
                prediction.digit,
                json.dumps(prediction.probabilities),
                prediction.confidence,
            ),
        ).lastrowid
        db.execute("COMMIT")
        answer = json.dumps({"id": row, "digit": prediction.digit, "probabilities": prediction.probabilities}).encode()
        start_response("201 Created", [("Content-Type", "application/json"), ("Content-Length", str(len(answer)))])
        return [answer]

    return application


def stored_rows(database: Path | str) -> int:
    with sqlite3.connect(database) as db:
        return db.execute(f"SELECT count(*) FROM {TABLE}").fetchone()[0]
