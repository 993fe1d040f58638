"""Load the recognition API under gunicorn, and the seed project's Flask design beside it.

Starts gunicorn (gunicorn.conf.py, production settings, JSON request logs) on 127.0.0.1 with a
throw-away SQLite database and media folder, and bench/seed_flask.py on another port. Both
get the same real canvas PNGs from C concurrent keep-alive clients for a fixed time per
concurrency level, one server at a time. Reports requests/s, client p50/p99, our server-side
(Server-Timing) p50/p99, the server's CPU time per answered request (all its processes and
threads, from /proc: what its throughput costs the machine's cores), resident memory per
process, and how many drawings each design kept:
ours must store one row and one file per 201; the seed's overwrites `images/<1..10000>.png`.
Only loopback is used.

The load comes from wrk (Debian's package; `--load-generator python` uses threads of this
process instead, which costs the servers a good part of a core): for each level, wrk's own
p50/p99 and requests/s, and its count of 201s against the rows stored. wrk stops mid-request
when its time is up, so up to one request per connection may be stored without its 201 being
read: the report shows that difference rather than hiding it.

`--essential` also runs bench/essential_path.py under gunicorn with the same workers and threads:
the same reading and storing with no framework, so its ratio to the seed is the most that any
framework around the same work could reach on this machine (with `ESSENTIAL_VIEWS=1` in the
environment, reading once as the seed does: bench/essential_path.py). `--plain-view` also runs
bench/design_options.py's leanest Django variant of our site under gunicorn (gunicorn.conf.py,
the same settings): a plain Django view instead of DRF's, the row as one raw INSERT, the file
by one exclusive open, four middleware. It tells what that design option would buy under load.

Run: `.venv/bin/python -m bench.api_load --concurrency 1 16 64 --seconds 15`
     `.venv/bin/python -m bench.api_load --concurrency 16 64 --seconds 10 --rounds 3` (median ratios)
     `.venv/bin/python -m bench.api_load --concurrency 16 64 --seconds 10 --rounds 3 --essential`
     `.venv/bin/python -m bench.api_load --concurrency 16 64 --seconds 10 --rounds 3 --essential --plain-view`
"""

import argparse
import base64
import http.client
import json
import os
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bench.disk import newest_folder, print_new_file_costs
from bench.essential_path import FOLDER, stored_rows
from ml.data import default_data_dir, load_mnist
from ml.evaluation.canvas_sim import render_on_canvas
from testing.processes import free_port, wait_for_http

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


def start_server(port: int, workers: int, threads: int, workdir: Path, app: str = "digitsite.wsgi") -> subprocess.Popen:
    """Our site under gunicorn with the production settings (plain HTTP on loopback); `app` may be
    bench/design_options.py's variant of it (`--plain-view`)."""
    env = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": "bench-only-secret",
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{workdir / 'bench.sqlite3'}"),
        "MEDIA_ROOT": str(workdir / "media"),
        "RESUBMISSION_WINDOW_SECONDS": "0",  # each request stores a drawing
        "RECOGNITION_THROTTLE_RATE": "off",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": str(workers),
        "GUNICORN_THREADS": str(threads),
        "HTTPS": "false",
    }
    python = sys.executable
    subprocess.run([python, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True)
    server = subprocess.Popen(
        [python, "-m", "gunicorn", app],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wait_for_http(f"http://127.0.0.1:{port}/api/v1/health/", process=server)
    return server


def start_essential(port: int, workers: int, threads: int, workdir: Path) -> subprocess.Popen:
    """bench/essential_path.py under gunicorn, workers and threads as ours, the model loaded before
    forking, writing its rows into our database (our warm-up registers the model version first)."""
    if "BENCH_DATABASE_URL" in os.environ:
        raise SystemExit("--essential writes into our SQLite database; leave BENCH_DATABASE_URL unset")
    database = str(workdir / "bench.sqlite3")  # our table: the same row, indexes and constraints
    env = {**os.environ, "ESSENTIAL_MEDIA": str(workdir / "essential"), "ESSENTIAL_DATABASE": database}
    server = subprocess.Popen(
        # `-c /dev/null`: not the site's gunicorn.conf.py, which the project folder would otherwise give it.
        [sys.executable, "-m", "gunicorn", "-c", "/dev/null", "bench.essential_path:create_app()", "--preload"]
        + ["-k", "gthread"]
        + ["-w", str(workers), "--threads", str(threads), "-b", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wait_for_port(port, server)
    return server


def start_seed(port: int, images: Path) -> subprocess.Popen:
    server = subprocess.Popen(
        [sys.executable, "-m", "bench.seed_flask", "--port", str(port), "--images", str(images)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wait_for_port(port, server)
    return server


def wait_for_port(port: int, server: subprocess.Popen) -> None:
    """Until the port answers at all (neither baseline has a health endpoint)."""
    for _ in range(300):
        try:
            http.client.HTTPConnection("127.0.0.1", port, timeout=2).request("GET", "/")
            return
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise RuntimeError(f"the server on port {port} did not start")


@dataclass(frozen=True)
class Target:
    name: str
    port: int
    path: str
    ok_status: int


def client_loop(target: Target, payloads: list[bytes], stop_at: float, results: list, offset: int) -> None:
    port = target.port
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    index = offset
    while time.perf_counter() < stop_at:
        body = payloads[index % len(payloads)]
        index += 1
        started = time.perf_counter()
        try:
            connection.request("POST", target.path, body, {"Content-Type": "application/json"})
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


WRK_SCRIPT = """
local bodies = {}
for line in io.lines(os.getenv("BENCH_BODIES")) do bodies[#bodies + 1] = line end
local next_body = 0
ok, other = 0, 0
local threads = {}
function setup(thread) table.insert(threads, thread) end
function request()
  next_body = next_body % #bodies + 1
  return wrk.format("POST", nil, {["Content-Type"] = "application/json"}, bodies[next_body])
end
function response(status, headers, body)
  if status == tonumber(os.getenv("BENCH_OK_STATUS")) then ok = ok + 1 else other = other + 1 end
end
function done(summary, latency, requests)
  local oks, others = 0, 0
  for _, thread in ipairs(threads) do oks = oks + thread:get("ok"); others = others + thread:get("other") end
  io.write(string.format("BENCH %d %d %d %f %f %d\\n", oks, others, summary.requests, latency:percentile(50),
    latency:percentile(99), summary.duration))
end
"""


def run_wrk(target: Target, payloads: list[bytes], clients: int, seconds: float, workdir: Path) -> dict:
    """One level from wrk: its own counts, latency percentiles (µs) and duration."""
    bodies = workdir / f"{target.name}-bodies.jsonl"
    bodies.write_bytes(b"\n".join(payloads) + b"\n")
    script = workdir / "bench.lua"
    script.write_text(WRK_SCRIPT)
    threads = min(2, clients)
    output = subprocess.run(
        [
            "wrk",
            f"-t{threads}",
            f"-c{clients}",
            f"-d{seconds:.0f}s",
            "--timeout",
            "30s",
            "-s",
            str(script),
            f"http://127.0.0.1:{target.port}{target.path}",
        ],
        env={**os.environ, "BENCH_BODIES": str(bodies), "BENCH_OK_STATUS": str(target.ok_status)},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    oks, others, requests, p50, p99, duration = output.split("BENCH ")[1].split()
    return {
        "clients": clients,
        "requests": int(requests),
        "created": int(oks),
        "errors": int(others),
        "rps": int(oks) / (int(duration) / 1e6),
        "client_p50_ms": float(p50) / 1000,
        "client_p99_ms": float(p99) / 1000,
        "server_p50_ms": float("nan"),
        "server_p99_ms": float("nan"),
    }


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))] if ordered else float("nan")


def run_level(target: Target, payloads: list[bytes], clients: int, seconds: float) -> dict:
    results: list = []
    stop_at = time.perf_counter() + seconds
    threads = [
        threading.Thread(target=client_loop, args=(target, payloads, stop_at, results, i * 7)) for i in range(clients)
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    ok = [r for r in results if r[0] == target.ok_status]
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


def rss_mb(pid: int) -> str:
    """Resident memory; its proportional share (PSS: pages shared by several processes, such as
    the PyTorch libraries gunicorn's workers inherit from the master, counted once); and the
    private part (what one more worker costs)."""
    text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    rss, pss, clean, dirty = (
        int(re.search(rf"^{key}:\s+(\d+) kB", text, re.M).group(1)) / 1024
        for key in ("Rss", "Pss", "Private_Clean", "Private_Dirty")
    )
    return f"{rss:.0f} MB RSS / {pss:.0f} MB PSS / {clean + dirty:.0f} MB private"


def children(master_pid: int) -> list[int]:
    """The processes a server started (gunicorn's workers), which stay alive through the run."""
    return [int(pid) for pid in Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()]


def cpu_seconds(master_pid: int) -> float:
    """User and system CPU time so far of a server: the process (every thread) and its children."""
    ticks = 0
    for pid in [master_pid, *children(master_pid)]:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        ticks += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of stat)
    return ticks / os.sysconf("SC_CLK_TCK")


def worker_rss_mb(master_pid: int) -> list[str]:
    """Resident memory of each gunicorn worker (the master's children)."""
    return [rss_mb(pid) for pid in children(master_pid)]


def stored_drawings(workdir: Path) -> tuple[int, int]:
    """(rows, files) in our database and throw-away media folder."""
    count = "SELECT count(*) FROM recognizer_drawing"
    if "BENCH_DATABASE_URL" in os.environ:
        import psycopg

        with psycopg.connect(os.environ["BENCH_DATABASE_URL"]) as connection:
            rows = connection.execute(count).fetchone()[0]
    else:
        with sqlite3.connect(workdir / "bench.sqlite3") as connection:
            rows = connection.execute(count).fetchone()[0]
    return rows, sum(1 for path in (workdir / "media" / "drawings").rglob("*") if path.is_file())


def print_row(name: str, r: dict, kept: str) -> None:
    server = (
        f"{r['server_p50_ms']:7.1f} {r['server_p99_ms']:7.1f}" if r["server_p50_ms"] == r["server_p50_ms"] else " " * 15
    )
    print(
        f"{name:<9} {r['clients']:>7} {r['rps']:7.1f} {r['client_p50_ms']:8.1f} {r['client_p99_ms']:8.1f} {server}"
        f" {r['cpu_ms']:7.2f} {r['created']:6d} {r['errors']:6d}   {kept}"
    )


def measured_level(level, server: subprocess.Popen, target: Target, bodies: list[bytes], clients: int, seconds: float):
    """One level of load, with the server's CPU ms per answered request added to its figures."""
    cpu_before = cpu_seconds(server.pid)
    r = level(target, bodies, clients, seconds)
    r["cpu_ms"] = (cpu_seconds(server.pid) - cpu_before) * 1000 / max(1, r["created"])
    return r


def one_round(level, clients: int, seconds: float, workdir: Path, ours_run, seed_run, others=()):
    """One level for our server, then for each of `others` (the essential path, the plain view:
    (server, target, kept) where kept() counts what it stored) and the seed's (when it runs);
    prints their rows and returns {name: (requests/s, p99) / the seed's}, or None without the seed."""
    server, ours, payloads = ours_run
    measured = {}
    for each_server, target, kept in [(server, ours, lambda: stored_drawings(workdir)), *others]:
        before = kept()
        measured[target.name] = measured_level(level, each_server, target, payloads, clients, seconds)
        time.sleep(1.0)  # requests wrk left in flight finish storing
        print_row(target.name, measured[target.name], stored_since(before, kept()))
    if not seed_run:
        return None
    seed_server, seed, seed_payloads = seed_run
    images = workdir / "images"
    for old in images.glob("*.png"):
        old.unlink()
    theirs = measured_level(level, seed_server, seed, seed_payloads, clients, seconds)
    kept = sum(1 for _ in images.glob("*.png"))
    lost = theirs["created"] - kept
    print_row(seed.name, theirs, f"{kept} files: {lost} overwritten ({lost / max(1, theirs['created']):.1%})")
    return {
        name: (x["rps"] / theirs["rps"], x["client_p99_ms"] / theirs["client_p99_ms"]) for name, x in measured.items()
    }


def stored_since(before: tuple[int, ...], after: tuple[int, ...]) -> str:
    """What was stored between two counts: "N rows, M files", or "N rows"."""
    return ", ".join(f"{a - b} {what}" for a, b, what in zip(after, before, ("rows", "files"), strict=False))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 16, 64], help="client counts to run")
    parser.add_argument("--seconds", type=float, default=15.0, help="duration of each level")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker")
    parser.add_argument("--no-seed", action="store_true", help="leave out the seed's Flask server")
    parser.add_argument(
        "--essential", action="store_true", help="also run the essential path (bench/essential_path.py) under gunicorn"
    )
    parser.add_argument(
        "--plain-view",
        action="store_true",
        help="also run bench/design_options.py's plain Django view with lean storage under gunicorn",
    )
    parser.add_argument(
        "--rounds",
        type=int,
        default=1,
        help="run each level this many times, ours then the seed's in turn, and report the median ratios"
        " (a shared, noisy machine moves one run by a quarter)",
    )
    parser.add_argument(
        "--load-generator",
        choices=["wrk", "python"],
        default="wrk" if shutil.which("wrk") else "python",
        help="wrk (apt-get install wrk), or threads of this process",
    )
    args = parser.parse_args()

    payloads = canvas_payloads(50)
    seed_payloads = [json.dumps({"image_data": json.loads(p)["image_data"].split(",")[1]}).encode() for p in payloads]
    ours = Target("digitsite", free_port(), "/api/v1/recognitions/", 201)
    seed = Target("seed", free_port(), "/recognition", 200)
    with tempfile.TemporaryDirectory() as folder:
        workdir = Path(folder)
        server = start_server(ours.port, args.workers, args.threads, workdir)
        seed_server = None if args.no_seed else start_seed(seed.port, workdir / "images")
        essential = Target("essential", free_port(), "/", 201)
        essential_server = (
            start_essential(essential.port, args.workers, args.threads, workdir) if args.essential else None
        )
        plain = Target("plainview", free_port(), ours.path, 201)
        plain_server = (
            start_server(plain.port, args.workers, args.threads, workdir, app="bench.design_options:serve()")
            if args.plain_view
            else None
        )
        others = []
        if essential_server:
            others.append((essential_server, essential, lambda: (stored_rows(workdir / "bench.sqlite3"),)))
        if plain_server:
            others.append((plain_server, plain, lambda: stored_drawings(workdir)))
        if args.load_generator == "wrk":

            def level(target, bodies, clients, seconds):
                return run_wrk(target, bodies, clients, seconds, workdir)
        else:
            level = run_level
        seed_run = (seed_server, seed, seed_payloads) if seed_server else None
        try:
            run_level(ours, payloads, 2, 2.0)  # warm-up: every worker loads the model
            if seed_server:
                run_level(seed, seed_payloads, 2, 2.0)
            for _, target, _ in others:
                run_level(target, payloads, 2, 2.0)
            print(
                f"gunicorn: {args.workers} workers × {args.threads} threads; seed: Flask's threaded server;"
                f" {args.seconds:.0f} s per level; load from {args.load_generator}"
            )
            print("server    clients   req/s  p50 ms   p99 ms  server p50/p99  CPU ms    oks errors   drawings kept")
            for clients in args.concurrency:
                rounds = [
                    one_round(level, clients, args.seconds, workdir, (server, ours, payloads), seed_run, others)
                    for _ in range(args.rounds)
                ]
                ratios = [ratio for ratio in rounds if ratio]  # none without the seed
                for name in ratios[0] if len(ratios) > 1 else []:
                    each = [ratio[name] for ratio in ratios]
                    print(
                        f"{clients} clients, {len(ratios)} rounds: {name}/seed req/s median"
                        f" {statistics.median(q for q, _ in each):.2f}× (each: "
                        + ", ".join(f"{q:.2f}" for q, _ in each)
                        + f"); p99 median {statistics.median(p for _, p in each):.2f}×"
                    )
            print("memory: gunicorn workers " + ", ".join(worker_rss_mb(server.pid)), end="")
            print(f"; seed process {rss_mb(seed_server.pid)}" if seed_server else "")
            folders = {ours.name: newest_folder(workdir / "media" / "drawings")}
            if essential_server:
                folders[essential.name] = workdir / "essential" / FOLDER
            if seed_server:
                folders[seed.name] = workdir / "images"
            print_new_file_costs(folders)
        finally:
            for process in (server, seed_server, essential_server, plain_server):
                if process:
                    process.terminate()
                    process.wait(timeout=30)


if __name__ == "__main__":
    main()
