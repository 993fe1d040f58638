"""The slowest requests we could construct within the input limits, timed under gunicorn.

Starts gunicorn (gunicorn.conf.py, production settings, 2 workers × 4 threads, throttling
off) on a throw-away SQLite database, sends each crafted input `--repeat` times one after
another, and prints the slowest server time (Server-Timing) and wall time of each, and the
status it got. The README's security section quotes the bound it shows.

Run: `.venv/bin/python -m bench.worst_case [--repeat 3]`
"""

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import requests
from PIL import Image, ImageDraw

from testing import hostile
from testing.processes import ROOT, free_port, start_gunicorn, stop

TIMING = re.compile(r"app;dur=([0-9.]+)")


def _png(image: Image.Image, **options) -> str:
    return hostile.data_url(hostile.encoded(image, "PNG", **options))


def _sevens(count: int, width: int, height: int, touching: bool = False) -> Image.Image:
    """`count` sevens in a row on a width×height canvas (touching: each one's bar runs into the next)."""
    image = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(image)
    step = width / count
    pen = max(2, int(height / 25))
    for index in range(count):
        left = index * step + (0 if touching else step * 0.15)
        right = left + (step * 1.05 if touching else step * 0.7)
        draw.line([(left, height * 0.2), (right, height * 0.2), (left + step * 0.35, height * 0.8)], fill=0, width=pen)
    return image


def _blobs(count: int, side: int) -> Image.Image:
    """`count` equal square blobs (each 1/count of the ink: the most that survive speck removal)."""
    image = Image.new("L", (side, side), 255)
    draw = ImageDraw.Draw(image)
    per_row = int(np.ceil(np.sqrt(count)))
    cell = side // per_row
    for index in range(count):
        x, y = (index % per_row) * cell, (index // per_row) * cell
        draw.rectangle([x + cell // 4, y + cell // 4, x + cell // 2, y + cell // 2], fill=0)
    return image


def cases() -> dict:
    big_seven = hostile.seven(4096)
    row20 = _sevens(20, 4096, 1365)
    row_touching = _sevens(60, 4096, 1365, touching=True)
    line = Image.new("L", (4096, 1365), 255)
    ImageDraw.Draw(line).line([(10, 680), (4086, 680)], fill=0, width=40)
    # 20 sevens with their 3-point strokes, in the image's pixels: 20 strokes that match the ink.
    step = 4096 / 20
    traced = [
        [[i * step + step * 0.15, 273], [i * step + step * 0.85, 273], [i * step + step * 0.5, 1092]] for i in range(20)
    ]
    padding = [0] * 900_000  # ~1.8 MB of small integers, each through the bounded parser
    return {
        "baseline: recognitions, a 280×280 canvas of a 7": (hostile.RECOGNITIONS, {"image_data": hostile.SEVEN}),
        "recognitions: 4096×4096 PNG of a 7": (hostile.RECOGNITIONS, {"image_data": _png(big_seven)}),
        "recognitions: 4096×4096 progressive JPEG": (
            hostile.RECOGNITIONS,
            {
                "image_data": hostile.data_url(
                    hostile.encoded(big_seven.convert("RGB"), "JPEG", progressive=True), "image/jpeg"
                )
            },
        ),
        "legacy: 4096×4096 PNG of a 7": (hostile.LEGACY, {"image_data": _png(big_seven)}),
        "numbers: 20 sevens, 4096×1365": (hostile.NUMBERS, {"image_data": _png(row20)}),
        "numbers: 20 sevens + their 20 strokes": (hostile.NUMBERS, {"image_data": _png(row20), "strokes": traced}),
        "numbers: 20 sevens + 60 zigzag strokes × 333 points": (
            hostile.NUMBERS,
            {"image_data": _png(row20), "strokes": hostile.zigzag_strokes()},
        ),
        "numbers: 60 touching sevens (one wide piece)": (hostile.NUMBERS, {"image_data": _png(row_touching)}),
        "numbers: one 4096 px line (cut and cut again)": (hostile.NUMBERS, {"image_data": _png(line)}),
        "numbers: 100 equal blobs, 4096×4096": (hostile.NUMBERS, {"image_data": _png(_blobs(100, 4096))}),
        "numbers: 20 blobs, 4096×4096": (hostile.NUMBERS, {"image_data": _png(_blobs(20, 4096))}),
        "JSON: 1.8 MB of integers beside a 7": (hostile.RECOGNITIONS, {"image_data": hostile.SEVEN, "pad": padding}),
        "JSON: 20,000 stroke points at ±99,999": (
            hostile.NUMBERS,
            {"image_data": hostile.SEVEN, "strokes": [[[99_999.9, -99_999.9]] * 100] * 200},
        ),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3, help="times each input is sent")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="digitsite-worst-"))
    env = {
        "DEBUG": "false",
        "HTTPS": "false",
        "SECRET_KEY": "worst-case-bench-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{work / 'db.sqlite3'}",
        "MEDIA_ROOT": str(work / "media"),
        "RECOGNITION_THROTTLE_RATE": "off",
        "REDIS_URL": "",
        "LOG_LEVEL": "WARNING",
    }
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env={**__import__("os").environ, **env}, check=True
    )
    port = free_port()
    server = start_gunicorn(port, env=env, log=work / "gunicorn.log", workers=2)
    try:
        print(f"{'input':55} {'bytes':>9} {'status':>6} {'server max':>11} {'wall max':>9} {'× baseline':>10}")
        baseline = None
        for name, (path, payload) in cases().items():
            body = json.dumps(payload)
            server_ms, wall, statuses = [], [], set()
            for _ in range(args.repeat):
                started = time.monotonic()
                response = requests.post(f"http://127.0.0.1:{port}{path}", data=body, headers=hostile.JSON, timeout=120)
                wall.append(time.monotonic() - started)
                statuses.add(response.status_code)
                if match := TIMING.search(response.headers.get("Server-Timing", "")):
                    server_ms.append(float(match.group(1)))
            status = "/".join(str(s) for s in sorted(statuses))
            slowest = max(server_ms, default=0.0) / 1000
            baseline = baseline or slowest  # the first case
            print(
                f"{name:55} {len(body):9,} {status:>6} {slowest:10.2f}s {max(wall):8.2f}s {slowest / baseline:9.0f}×",
                flush=True,
            )
    finally:
        stop(server)
    return 0


if __name__ == "__main__":
    sys.exit(main())
