"""Starting and stopping the site's processes on this machine, for the cluster check and the
multi-process tests: gunicorn instances, task workers, nginx."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_http(url: str, *, timeout: float = 60.0, process: subprocess.Popen | None = None) -> None:
    """Until `url` answers 200; fails early if `process` exits."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{process.args} exited with {process.returncode} before {url} answered")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)
    raise TimeoutError(f"{url} did not answer 200 within {timeout:.0f} s")


def start(args: list[str], *, env: dict, log: Path) -> subprocess.Popen:
    """A process in its own session (so stop() ends its children too), output to `log`."""
    with log.open("ab") as out:
        return subprocess.Popen(
            args, cwd=ROOT, env={**os.environ, **env}, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )


def stop(process: subprocess.Popen, *, timeout: float = 15.0) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def start_gunicorn(port: int, *, env: dict, log: Path, workers: int = 1) -> subprocess.Popen:
    process = start(
        [sys.executable, "-m", "gunicorn", "digitsite.wsgi"],
        env={"GUNICORN_BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": str(workers), **env},
        log=log,
    )
    try:
        wait_for_http(f"http://127.0.0.1:{port}/api/v1/health/live/", process=process)
    except Exception:
        stop(process)
        raise
    return process


@contextmanager
def running(*processes: subprocess.Popen):
    try:
        yield processes
    finally:
        for process in processes:
            stop(process)


def run_manage(*args: str, env: dict) -> subprocess.CompletedProcess:
    """`manage.py <args>` with `env`, its output captured."""
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=600,
    )


def manage(*args: str, env: dict) -> str:
    """`manage.py <args>` with `env`; its output, or an error with it."""
    result = run_manage(*args, env=env)
    if result.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def subprocess_database_url() -> str:
    """The URL of the test database this process uses, for servers and workers in subprocesses."""
    from django.db import connection

    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    return f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
