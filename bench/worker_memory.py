"""How much memory of its own each gunicorn worker holds, fresh and as it serves requests.

Starts the site as bench/api_load.py does (gunicorn.conf.py, production settings, throw-away
SQLite database), then posts real canvas PNGs one at a time and prints each worker's resident,
proportional (PSS) and private memory at each checkpoint. Private memory is what one more
worker costs; with preload_app a worker starts sharing nearly all of the master's pages, and
this shows when (and whether) it stops sharing them.

Run: `.venv/bin/python -m bench.worker_memory` (`--after 4 104 904` by default).
"""

import argparse
import tempfile
import urllib.request
from pathlib import Path

from bench.api_load import canvas_payloads, start_server, worker_rss_mb
from testing.processes import free_port


def post(port: int, body: bytes) -> None:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/api/v1/recognitions/", data=body, headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.status == 201, response.status


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--after", type=int, nargs="+", default=[4, 104, 904], help="request counts to report at")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker")
    args = parser.parse_args()
    payloads = canvas_payloads(50)
    port = free_port()
    with tempfile.TemporaryDirectory() as folder:
        server = start_server(port, args.workers, args.threads, Path(folder))
        try:
            print("fresh (one worker answered the start-up health check):", "; ".join(worker_rss_mb(server.pid)))
            sent = 0
            for checkpoint in sorted(args.after):
                while sent < checkpoint:
                    post(port, payloads[sent % len(payloads)])
                    sent += 1
                print(f"after {sent} requests:", "; ".join(worker_rss_mb(server.pid)))
        finally:
            server.terminate()  # gunicorn's master stops its workers
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
