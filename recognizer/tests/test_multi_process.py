"""Several web processes and several task workers on one database, as on several machines.

These start real gunicorn and db_worker processes against the test database (SQLite or
PostgreSQL, whichever this run uses) and the Redis server on 127.0.0.1 (REDIS_URL).
"""

import os
import subprocess
import sys
import threading
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests
from django_tasks_db.models import DBTaskResult

from recognizer.models import Drawing
from recognizer.tests.probe_tasks import record_run
from testing.images import data_url
from testing.processes import ROOT, free_port, running, start_gunicorn, subprocess_database_url

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.system]
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")


def _web_env(media: Path, **extra: str) -> dict:
    return {
        "DEBUG": "false",
        "HTTPS": "false",
        "SECRET_KEY": "multi-process-test-secret",
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": subprocess_database_url(),
        "MEDIA_ROOT": str(media),
        "REDIS_URL": "",
        "RESUBMISSION_WINDOW_SECONDS": "0",  # one image posted over and over: each is stored
        **extra,
    }


def _post_alternately(ports: list[int], image: str, count: int) -> list[int]:
    codes = []
    for index in range(count):
        url = f"http://127.0.0.1:{ports[index % len(ports)]}/api/v1/recognitions/"
        codes.append(requests.post(url, json={"image_data": image}, timeout=30).status_code)
    return codes


def _two_instances(tmp_path: Path, env: dict):
    ports = [free_port(), free_port()]
    processes = [start_gunicorn(port, env=env, log=tmp_path / f"web-{port}.log") for port in ports]
    return ports, processes


def test_two_web_processes_share_one_throttle_limit_through_redis(tmp_path, isolated_media, canvas_digit):
    env = _web_env(
        isolated_media,
        REDIS_URL=REDIS_URL,
        CACHE_KEY_PREFIX=f"test-{uuid.uuid4().hex}",
        RECOGNITION_THROTTLE_RATE="4/minute",
    )
    ports, processes = _two_instances(tmp_path, env)
    with running(*processes):
        codes = _post_alternately(ports, data_url(canvas_digit(3)[0]), 6)
    assert codes == [201, 201, 201, 201, 429, 429]
    assert Drawing.objects.count() == 4


def test_sixteen_concurrent_clients_across_two_workers_get_the_limit_and_no_more(
    tmp_path, isolated_media, canvas_digit
):
    """DRF's own throttle let 94–99 of these 160 requests through a 60/minute limit: each
    request read the history before the others had written theirs."""
    env = _web_env(
        isolated_media,
        REDIS_URL=REDIS_URL,
        CACHE_KEY_PREFIX=f"test-{uuid.uuid4().hex}",
        RECOGNITION_THROTTLE_RATE="60/minute",
    )
    port = free_port()
    image = data_url(canvas_digit(6)[0])
    barrier = threading.Barrier(16)

    def client(_: int) -> list[int]:
        with requests.Session() as browser:  # keep-alive, like a browser
            barrier.wait(timeout=60)
            url = f"http://127.0.0.1:{port}/api/v1/recognitions/"
            return [browser.post(url, json={"image_data": image}, timeout=60).status_code for _ in range(10)]

    with running(start_gunicorn(port, env=env, log=tmp_path / "web.log", workers=2)):
        with ThreadPoolExecutor(16) as pool:
            codes = Counter(code for codes in pool.map(client, range(16)) for code in codes)
    assert set(codes) == {201, 429} and sum(codes.values()) == 160
    assert 59 <= codes[201] <= 61, codes
    assert Drawing.objects.count() == codes[201]


def test_without_redis_each_process_counts_alone_which_is_why_several_need_it(tmp_path, isolated_media, canvas_digit):
    """The failure REDIS_URL exists for: per-process caches let 2 × the limit through; each
    gunicorn says so when it starts."""
    env = _web_env(isolated_media, RECOGNITION_THROTTLE_RATE="2/minute")
    ports, processes = _two_instances(tmp_path, env)
    with running(*processes):
        codes = _post_alternately(ports, data_url(canvas_digit(4)[0]), 6)
    assert codes == [201, 201, 201, 201, 429, 429]
    for port in ports:
        assert "RECOGNITION_THROTTLE_RATE is counted per process" in (tmp_path / f"web-{port}.log").read_text()


def test_a_web_process_whose_redis_is_down_still_recognises_and_reports_not_ready(
    tmp_path, isolated_media, canvas_digit
):
    dead_redis = f"redis://127.0.0.1:{free_port()}/0"  # nothing listens there
    env = _web_env(isolated_media, REDIS_URL=dead_redis, RECOGNITION_THROTTLE_RATE="4/minute")
    port = free_port()
    with running(start_gunicorn(port, env=env, log=tmp_path / "web.log")):
        base = f"http://127.0.0.1:{port}"
        posted = requests.post(
            f"{base}/api/v1/recognitions/", json={"image_data": data_url(canvas_digit(5)[0])}, timeout=30
        )
        ready = requests.get(f"{base}/api/v1/health/", timeout=30)
    assert posted.status_code == 201
    assert ready.status_code == 503 and ready.json()["cache"] is False and ready.json()["database"] is True


def test_each_queued_job_runs_exactly_once_with_three_workers(tmp_path):
    log = tmp_path / "runs.log"
    jobs = 30
    for job in range(jobs):
        record_run.enqueue(str(log), job)

    env = {**os.environ, "DATABASE_URL": subprocess_database_url(), "DJANGO_SETTINGS_MODULE": "digitsite.settings"}
    command = [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay", "--no-reload"]
    workers = [
        subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        for _ in range(3)
    ]
    outputs = [worker.communicate(timeout=300)[0] for worker in workers]
    assert [worker.returncode for worker in workers] == [0, 0, 0], outputs

    runs = [line.split() for line in log.read_text().splitlines()]
    assert Counter(int(job) for job, _ in runs) == Counter(range(jobs))  # every job, once
    assert len({pid for _, pid in runs}) >= 2, "the workers did not share the queue"
    results = DBTaskResult.objects.all()
    assert results.count() == jobs
    assert {result.status for result in results} == {"SUCCESSFUL"}
    assert all(len(result.worker_ids) == 1 for result in results)
