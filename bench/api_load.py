"""Load the recognition API under gunicorn: throughput, latency and memory per worker.

Starts gunicorn (gunicorn.conf.py) on 127.0.0.1 with a throw-away SQLite database and media
folder, posts real canvas PNGs from C concurrent keep-alive clients for a fixed time per
concurrency level, and reports requests/s, client and server-side (Server-Timing) p50/p99,
and the resident memory of each worker. Only loopback is used.

Run: `.venv/bin/python -m bench.api_load --concurrency 1 16 64 --seconds 15`
"""

import argparse
import base64
import http.client
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import numpy as np

from ml.canvas_sim import render_on_canvas
from ml.data import default_data_dir, load_mnist

ROOT = Path(__file__).resolve().parent.parent
TIMING = re.compile(r"app;dur=([0-9.]+)")


def canvas_payloads(count: int) -> list[bytes]:
    images, _ = load_mnist(default_data_dir(), train=False)
    rng = np.random.default_rng(0)
    return [
        json.dumps(
            {
                "image_data": "data:image/png;base64,"
                + base64.b64encode(render_on_canvas(images[i].numpy(), rng)).decode()
            }
        ).encode()
        for i in range(count)
    ]


def start_server(port: int, workers: int, threads: int, workdir: Path) -> subprocess.Popen:
    env = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": "bench-only-secret",
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{workdir / 'bench.sqlite3'}"),
        "MEDIA_ROOT": str(workdir / "media"),
        "RECOGNITION_THROTTLE_RATE": "off",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": str(workers),
        "GUNICORN_THREADS": str(threads),
        "GUNICORN_ACCESS_LOG": "/dev/null",
    }
    python = sys.executable
    subprocess.run([python, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True)
    server = subprocess.Popen([python, "-m", "gunicorn", "digitsite.wsgi"], cwd=ROOT, env=env)
    for _ in range(300):
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/api/v1/health/")
            if connection.getresponse().status == 200:
                return server
        except OSError:
            pass
        time.sleep(0.1)
    server.kill()
    raise RuntimeError("gunicorn did not become healthy")


def client_loop(port: int, payloads: list[bytes], stop_at: float, results: list, offset: int) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    index = offset
    while time.perf_counter() < stop_at:
        body = payloads[index % len(payloads)]
        index += 1
        started = time.perf_counter()
        try:
            connection.request("POST", "/api/v1/recognitions/", body, {"Content-Type": "application/json"})
            response = connection.getresponse()
            response.read()
        except (OSError, http.client.HTTPException):
            results.append((None, time.perf_counter() - started, None))
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            continue
        server_ms = TIMING.search(response.getheader("Server-Timing") or "")
        results.append(
            (response.status, time.perf_counter() - started, float(server_ms.group(1)) if server_ms else None)
        )
    connection.close()


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))] if ordered else float("nan")


def run_level(port: int, payloads: list[bytes], clients: int, seconds: float) -> dict:
    results: list = []
    stop_at = time.perf_counter() + seconds
    threads = [
        threading.Thread(target=client_loop, args=(port, payloads, stop_at, results, i * 7)) for i in range(clients)
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    ok = [r for r in results if r[0] == 201]
    client_ms = [r[1] * 1000 for r in ok]
    server_ms = [r[2] for r in ok if r[2] is not None]
    return {
        "clients": clients,
        "requests": len(results),
        "created": len(ok),
        "errors": len(results) - len(ok),
        "rps": len(ok) / elapsed,
        "client_p50_ms": statistics.median(client_ms) if client_ms else float("nan"),
        "client_p99_ms": percentile(client_ms, 0.99),
        "server_p50_ms": statistics.median(server_ms) if server_ms else float("nan"),
        "server_p99_ms": percentile(server_ms, 0.99),
    }


def worker_rss_mb(master_pid: int) -> list[float]:
    """Resident memory of each gunicorn worker (the master's children)."""
    sizes = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
        except OSError:
            continue
        if re.search(rf"^PPid:\s+{master_pid}$", text, re.M):
            rss = re.search(r"^VmRSS:\s+(\d+) kB", text, re.M)
            sizes.append(int(rss.group(1)) / 1024 if rss else 0.0)
    return sizes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 16, 64], help="client counts to run")
    parser.add_argument("--seconds", type=float, default=15.0, help="duration of each level")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker")
    parser.add_argument("--port", type=int, default=8765, help="loopback port for gunicorn")
    args = parser.parse_args()

    payloads = canvas_payloads(50)
    with tempfile.TemporaryDirectory() as workdir:
        server = start_server(args.port, args.workers, args.threads, Path(workdir))
        try:
            run_level(args.port, payloads, 2, 2.0)  # warm-up: every worker loads the model
            print(f"gunicorn: {args.workers} workers × {args.threads} threads; {args.seconds:.0f} s per level")
            print("clients  req/s   client p50   client p99   server p50   server p99   201s   errors")
            for clients in args.concurrency:
                r = run_level(args.port, payloads, clients, args.seconds)
                print(
                    f"{r['clients']:>7} {r['rps']:7.1f} {r['client_p50_ms']:9.1f} ms {r['client_p99_ms']:9.1f} ms"
                    f" {r['server_p50_ms']:9.1f} ms {r['server_p99_ms']:9.1f} ms {r['created']:6d} {r['errors']:6d}"
                )
            print("worker RSS: " + ", ".join(f"{mb:.0f} MB" for mb in worker_rss_mb(server.pid)))
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
