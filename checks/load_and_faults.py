"""Load and faults against one production-configured gunicorn (2 workers × 4 threads) on
PostgreSQL and Redis, all on 127.0.0.1.

1. Load: 32 concurrent clients for 30 s (half keep a session cookie like browsers, half send
   none like API scripts). No 5xx, no failed connection, and stored drawings == 201 answers.
2. kill -9 of one gunicorn worker 5 s into 20 s of the same load: the service keeps answering;
   requests the dead worker held fail at the connection (their outcome is unknown to the
   client); no row without its file; files the killed worker wrote without a row are found
   by `check_storage` and removed with `--delete-orphans`.
3. pg_terminate_backend of every connection of the site 5 s into 20 s of load: requests
   recover; a request whose connection died mid-way answers 503 `service_unavailable` (never
   500) and leaves no file; stored drawings == 201 answers again.

After each phase `manage.py check_storage --grace-minutes 0` must report a consistent store.

    .venv/bin/python -m checks.load_and_faults [--seconds 30]   (exit status 0 when all hold)
"""

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import requests

from checks.cluster import Cluster, drawing_data_url, service_arguments
from testing.processes import run_manage, running, start_gunicorn

CLIENTS = 32


@dataclass
class LoadResult:
    statuses: Counter = field(default_factory=Counter)
    errors: Counter = field(default_factory=Counter)  # status code or exception name -> count
    created_after: dict = field(default_factory=dict)  # second of the run -> 201s in it

    @property
    def created(self) -> int:
        return self.statuses[201]

    @property
    def server_errors(self) -> int:
        return sum(count for status, count in self.statuses.items() if status >= 500)

    @property
    def connection_failures(self) -> int:
        return sum(self.errors.values())


def run_load(url: str, seconds: float, *, fault=None, fault_at: float = 5.0) -> LoadResult:
    """CLIENTS threads posting drawings for `seconds`; `fault()` runs once at `fault_at`."""
    image = drawing_data_url()
    result, lock = LoadResult(), threading.Lock()
    started = time.monotonic()
    deadline = started + seconds

    def client(index: int) -> None:
        session = requests.Session()
        keeps_cookie = index % 2 == 0
        while time.monotonic() < deadline:
            if not keeps_cookie:
                session.cookies.clear()
            try:
                response = session.post(f"{url}/api/v1/recognitions/", json={"image_data": image}, timeout=30)
                outcome, failed = response.status_code, None
            except requests.RequestException as exc:
                outcome, failed = None, type(exc).__name__
            with lock:
                if failed:
                    result.errors[failed] += 1
                else:
                    result.statuses[outcome] += 1
                    if outcome == 201:
                        second = int(time.monotonic() - started)
                        result.created_after[second] = result.created_after.get(second, 0) + 1

    threads = [threading.Thread(target=client, args=(index,)) for index in range(CLIENTS)]
    for thread in threads:
        thread.start()
    if fault is not None:
        time.sleep(max(0.0, started + fault_at - time.monotonic()))
        fault()
    for thread in threads:
        thread.join()
    return result


def worker_pids(master_pid: int) -> list[int]:
    output = subprocess.run(["pgrep", "-P", str(master_pid)], capture_output=True, text=True).stdout
    return [int(pid) for pid in output.split()]


def storage_report(cluster: Cluster, *extra: str) -> tuple[bool, str]:
    """(consistent, output) of `manage.py check_storage --grace-minutes 0 [extra]`."""
    result = run_manage("check_storage", "--grace-minutes", "0", *extra, env=cluster.env)
    return result.returncode == 0, (result.stdout + result.stderr).strip()


def rows(cluster: Cluster) -> int:
    return cluster.query("SELECT count(*) FROM recognizer_drawing")[0][0]


def describe(result: LoadResult, seconds: float) -> str:
    codes = ", ".join(f"{status}×{count}" for status, count in sorted(result.statuses.items()))
    failures = ", ".join(f"{name}×{count}" for name, count in result.errors.items()) or "none"
    return f"{sum(result.statuses.values()) / seconds:.0f} req/s; answers {codes}; connection failures {failures}"


def main() -> int:
    parser = service_arguments(__doc__)
    parser.add_argument("--seconds", type=float, default=30.0, help="length of the plain load phase")
    parser.add_argument("--fault-seconds", type=float, default=20.0, help="length of each fault phase")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="digitsite-faults-"))
    cluster = Cluster(work, args.postgres_url, args.redis_url)
    cluster.env["RECOGNITION_THROTTLE_RATE"] = "off"
    cluster.env["RESUBMISSION_WINDOW_SECONDS"] = "0"  # one image over and over: each must be stored
    failures = []

    def check(condition: bool, message: str) -> None:
        print(("PASS " if condition else "FAIL ") + message, flush=True)
        if not condition:
            failures.append(message)

    try:
        cluster.prepare()
        port = cluster.ports[0]
        url = f"http://127.0.0.1:{port}"
        web = start_gunicorn(port, env=cluster.env, log=cluster.log("web"), workers=2)
        with running(web):
            # 1. plain load
            load = run_load(url, args.seconds)
            print(f"load, {CLIENTS} clients, {args.seconds:g} s: {describe(load, args.seconds)}")
            stored = rows(cluster)
            check(
                load.server_errors == 0 and load.connection_failures == 0, "no 5xx and no failed connection under load"
            )
            check(stored == load.created, f"stored drawings {stored} == 201 answers {load.created}")
            consistent, report = storage_report(cluster)
            check(consistent, f"check_storage: {report}")

            # 2. kill -9 one worker mid-load
            before = rows(cluster)
            victims = worker_pids(web.pid)

            def kill_a_worker() -> None:
                os.kill(victims[0], signal.SIGKILL)
                print(f"  killed worker {victims[0]} with SIGKILL", flush=True)

            load = run_load(url, args.fault_seconds, fault=kill_a_worker)
            print(f"kill -9 phase, {args.fault_seconds:g} s: {describe(load, args.fault_seconds)}")
            new_rows = rows(cluster) - before
            late = sum(count for second, count in load.created_after.items() if second >= 10)
            check(load.server_errors == 0, "no 5xx while a worker is killed")
            check(late > 0, f"still answering after the kill: {late} drawings stored in the last 10 s")
            check(len(worker_pids(web.pid)) == 2, "gunicorn replaced the killed worker")
            check(
                load.created <= new_rows <= load.created + load.connection_failures,
                f"rows {new_rows}: the {load.created} answered 201 plus at most the {load.connection_failures} cut off",
            )
            consistent, report = storage_report(cluster)
            if not consistent:  # files the killed worker wrote but never committed
                print("  " + report.replace("\n", "\n  "))
                orphans_only = " 0 rows without their file" in report
                consistent, report = storage_report(cluster, "--delete-orphans")
                print("  " + report.replace("\n", "\n  "))
                consistent, report = storage_report(cluster)
                check(orphans_only, "the kill left no row without its file (only files without a row)")
            check(consistent, f"check_storage after the kill (and --delete-orphans): {report}")

            # 3. every database connection terminated mid-load
            before = rows(cluster)

            def terminate_connections() -> None:
                cluster.admin_sql(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    f"WHERE datname = '{cluster.database}' AND pid <> pg_backend_pid()"
                )
                print("  terminated every database connection of the site", flush=True)

            load = run_load(url, args.fault_seconds, fault=terminate_connections)
            print(f"connection-loss phase, {args.fault_seconds:g} s: {describe(load, args.fault_seconds)}")
            late = sum(count for second, count in load.created_after.items() if second >= 10)
            unexpected = {status: n for status, n in load.statuses.items() if status not in (201, 503)}
            check(not unexpected, f"only 201 and 503 answers (got {dict(load.statuses)})")
            check(load.connection_failures == 0, "no failed connection")
            check(late > 0, f"recovered: {late} drawings stored in the last 10 s")
            stored = rows(cluster) - before
            check(stored == load.created, f"stored drawings {stored} == 201 answers {load.created}")
            consistent, report = storage_report(cluster)
            check(consistent, f"check_storage: {report}")
    finally:
        cluster.stop()
        if failures:
            print(f"logs kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    print("load and faults: " + ("all passed" if not failures else f"{len(failures)} failed"))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
