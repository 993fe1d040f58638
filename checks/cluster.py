"""A small DigitSite cluster on this one machine, and the checks that it behaves as one site.

    nginx :PORT ──> gunicorn A ─┐
                └─> gunicorn B ─┼── PostgreSQL (a fresh database), Redis (a fresh key prefix),
          task worker (db_worker) ┘    one media folder (a bucket on real machines)

Checks: nginx serves the page and static files itself; drawings posted through nginx land in
one database with one file each, answered by both instances; one throttle limit holds across
both instances; a model version activated through instance A's admin is what instance B
answers with within seconds; the worker runs a retraining job queued through the admin; one
request id is in nginx's log, the instance's log and the response; 32 slow clients (slowloris
headers and bodies) do not stop nginx from answering.

    .venv/bin/python -m checks.cluster [--keep]     (exit status 0 when every check passes)
"""

import argparse
import json
import os
import re
import secrets
import shutil
import sys
import tempfile
import time
from pathlib import Path

import psycopg
import requests

from checks.slow_clients import attack_and_probe
from ml.weights import SHIPPED_WEIGHTS
from testing.processes import ROOT, free_port, manage, running, start, start_gunicorn, stop, wait_for_http

THROTTLE_PER_MINUTE = 12
STAFF = ("cluster-staff", secrets.token_urlsafe(12))


class Cluster:
    def __init__(self, work: Path, postgres_url: str, redis_url: str):
        self.work = work
        self.postgres_url = postgres_url.rstrip("/")
        self.database = f"digitsite_cluster_{os.getpid()}"
        self.nginx_port, self.ports = free_port(), [free_port(), free_port()]
        self.env = {
            "DEBUG": "false",
            "HTTPS": "false",  # plain HTTP on loopback; real machines keep the HTTPS defaults
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DATABASE_URL": f"{self.postgres_url}/{self.database}",
            "REDIS_URL": redis_url,
            "CACHE_KEY_PREFIX": f"cluster-{secrets.token_hex(4)}",
            "MEDIA_ROOT": str(work / "media"),
            "STATIC_ROOT": str(work / "static"),
            "NUM_PROXIES": "1",
            "RESUBMISSION_WINDOW_SECONDS": "0",  # each request stores a drawing
            "RECOGNITION_THROTTLE_RATE": f"{THROTTLE_PER_MINUTE}/minute",
            "MODEL_REFRESH_SECONDS": "1",
            "LOG_FORMAT": "json",
            "WEB_CONCURRENCY": "2",
            "DJANGO_STAFF_USERNAME": STAFF[0],
            "DJANGO_STAFF_PASSWORD": STAFF[1],
        }
        self.processes = []

    # --- bringing it up
    def admin_sql(self, statement: str) -> None:
        with psycopg.connect(f"{self.postgres_url}/postgres", autocommit=True) as connection:
            connection.execute(statement)

    def query(self, sql: str):
        with psycopg.connect(self.env["DATABASE_URL"]) as connection:
            return connection.execute(sql).fetchall()

    def prepare(self, second_checkpoint: Path | None = None) -> None:
        self.admin_sql(f'CREATE DATABASE "{self.database}"')
        manage("migrate", "--noinput", env=self.env)
        manage("collectstatic", "--noinput", env=self.env)
        manage("ensure_staff_user", env=self.env)
        manage("register_model", str(SHIPPED_WEIGHTS), "--activate", env=self.env)
        if second_checkpoint:
            manage("register_model", str(second_checkpoint), "--name", "cluster-second", env=self.env)

    def start(self) -> None:
        for name, port in zip("AB", self.ports, strict=True):
            self.processes.append(start_gunicorn(port, env=self.env, log=self.log(name), workers=2))
        worker = [sys.executable, "manage.py", "db_worker", "--no-reload", "--interval", "0.5"]
        self.processes.append(start(worker, env=self.env, log=self.log("worker")))
        (self.work / "nginx-temp").mkdir()
        (self.work / "digitsite.conf").write_text(self._site_config())
        (self.work / "nginx.conf").write_text(self._main_config())
        nginx = ["nginx", "-c", str(self.work / "nginx.conf"), "-p", str(self.work), "-g", "daemon off;"]
        self.processes.append(start(nginx, env={}, log=self.log("nginx-error")))
        wait_for_http(f"{self.url}/api/v1/health/", process=self.processes[-1])

    def _site_config(self) -> str:
        template = (ROOT / "deploy" / "nginx" / "digitsite.conf.template").read_text()
        values = {
            "UPSTREAM_SERVERS": " ".join(f"server 127.0.0.1:{port};" for port in self.ports),
            "LISTEN": f"127.0.0.1:{self.nginx_port}",
            "SERVER_NAME": "127.0.0.1",
            "ACCESS_LOG": str(self.log("nginx-access")),
            "FRONTEND_DIST": str(ROOT / "frontend" / "dist"),
            "STATIC_ROOT": self.env["STATIC_ROOT"],
        }
        return re.sub(r"\$\{(\w+)\}", lambda match: values[match.group(1)], template)

    def _main_config(self) -> str:
        temp = self.work / "nginx-temp"
        # As root, nginx's workers would run as "nobody", who may not read the checkout.
        user = "user root root;\n" if os.geteuid() == 0 else ""
        return (
            f"{user}worker_processes 1;\npid {self.work / 'nginx.pid'};\n"
            f"error_log {self.log('nginx-error')} warn;\nevents {{ worker_connections 256; }}\n"
            "http {\n  include /etc/nginx/mime.types;\n  default_type application/octet-stream;\n"
            + "".join(
                f"  {kind}_temp_path {temp / kind};\n" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
            )
            + f"  include {self.work / 'digitsite.conf'};\n}}\n"
        )

    def stop(self) -> None:
        with running(*reversed(self.processes)):
            pass
        self.admin_sql(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')

    # --- helpers for the checks
    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.nginx_port}"

    def instance(self, index: int) -> str:
        return f"http://127.0.0.1:{self.ports[index]}"

    def log(self, name: str) -> Path:
        return self.work / f"{name}.log"

    def request_lines(self, name: str) -> list[dict]:
        """The JSON request log lines of instance `name`."""
        lines = []
        for text in self.log(name).read_text().splitlines():
            if text.startswith("{"):
                line = json.loads(text)
                if line.get("logger") == "digitsite.request":
                    lines.append(line)
        return lines

    def admin_session(self, base: str) -> requests.Session:
        session = requests.Session()
        session.get(f"{base}/admin/login/", timeout=10)
        response = session.post(
            f"{base}/admin/login/?next=/admin/",
            data={"username": STAFF[0], "password": STAFF[1], "csrfmiddlewaretoken": session.cookies["csrftoken"]},
            timeout=10,
        )
        if "sessionid" not in session.cookies:
            raise RuntimeError(f"staff login on {base} failed: {response.status_code}")
        return session


def _second_checkpoint(path: Path) -> None:
    """The shipped weights with one bias nudged: a second real version to activate."""
    import torch

    from ml.checkpoint import checkpoint_bytes, load_checkpoint

    model = load_checkpoint(SHIPPED_WEIGHTS.read_bytes()).model
    with torch.no_grad():
        model.output.bias[0] += 0.01
    path.write_bytes(checkpoint_bytes(model, name="cluster-second", metrics={}, train_config={})[0])


def drawing_data_url() -> str:
    """A handwritten-looking 7 as a data URL (a stroke on a white canvas)."""
    import base64
    import io

    from PIL import Image, ImageDraw

    image = Image.new("L", (280, 280), 255)
    ImageDraw.Draw(image).line([(70, 60), (210, 60), (120, 230)], fill=0, width=18, joint="curve")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


# --- the checks: each returns a line of evidence or raises AssertionError
def check_nginx_serves_files(cluster: Cluster) -> str:
    page = requests.get(f"{cluster.url}/", timeout=10)
    assert page.status_code == 200 and '<div id="root">' in page.text, page.status_code
    css = requests.get(f"{cluster.url}/static/admin/css/base.css", timeout=10)
    assert css.status_code == 200 and "text/css" in css.headers["Content-Type"]
    # Server-Timing is set by Django only: these came from nginx without touching gunicorn.
    assert "Server-Timing" not in page.headers and "Server-Timing" not in css.headers
    assert requests.get(f"{cluster.url}/media/drawings/1.png", timeout=10).status_code == 404
    api = requests.get(f"{cluster.url}/api/v1/health/", timeout=10)
    assert "Server-Timing" in api.headers and page.headers["X-Frame-Options"] == "DENY"
    return "/ and /static/ from nginx (no Server-Timing), /media/ 404, /api/ from Django"


def check_drawings_land_in_one_database(cluster: Cluster, image: str) -> str:
    browser = requests.Session()
    codes = [
        browser.post(f"{cluster.url}/api/v1/recognitions/", json={"image_data": image}, timeout=30).status_code
        for _ in range(10)
    ]
    assert codes == [201] * 10, codes
    history = browser.get(f"{cluster.url}/api/v1/recognitions/", timeout=10).json()
    assert history["count"] == 10, history["count"]  # one session, whichever instance answers
    per_instance = [
        sum(1 for line in cluster.request_lines(name) if line["method"] == "POST" and line["status"] == 201)
        for name in "AB"
    ]
    assert sum(per_instance) == 10 and min(per_instance) > 0, per_instance
    rows = cluster.query("SELECT count(*) FROM recognizer_drawing")[0][0]
    assert rows == 10, rows
    return f"10 posts through nginx: A answered {per_instance[0]}, B {per_instance[1]}; 10 rows; history 10"


def check_one_throttle_limit_across_instances(cluster: Cluster, image: str) -> str:
    # A client seen through one proxy (NUM_PROXIES=1), sent to A and B in turn.
    headers = {"X-Forwarded-For": "198.51.100.7"}
    codes = [
        requests.post(
            f"{cluster.instance(attempt % 2)}/api/v1/recognitions/",
            json={"image_data": image},
            headers=headers,
            timeout=30,
        ).status_code
        for attempt in range(THROTTLE_PER_MINUTE + 4)
    ]
    assert codes == [201] * THROTTLE_PER_MINUTE + [429] * 4, codes
    rows = cluster.query("SELECT count(*) FROM recognizer_drawing")[0][0]
    files = sum(1 for path in Path(cluster.env["MEDIA_ROOT"]).rglob("*") if path.is_file() and "drawings" in path.parts)
    assert rows == 10 + THROTTLE_PER_MINUTE == files, (rows, files)
    return f"{THROTTLE_PER_MINUTE}/minute held over A+B: {codes.count(201)}×201 then {codes.count(429)}×429; {rows} rows = {files} files"


def check_activation_reaches_the_other_instance(cluster: Cluster, image: str) -> str:
    admin = cluster.admin_session(cluster.instance(0))
    (second,) = cluster.query("SELECT id FROM recognizer_modelversion WHERE name = 'cluster-second'")[0]
    # Activation goes through the comparison page (the candidate against the active version).
    # Its answer comes after the activation has committed; the page first evaluates both
    # versions (seconds), so the propagation is timed from its answer, not from the request.
    response = admin.post(
        f"{cluster.instance(0)}/admin/recognizer/modelversion/{second}/compare/",
        data={"reason": "cluster check", "csrfmiddlewaretoken": admin.cookies["csrftoken"]},
        timeout=120,
    )
    activated = time.monotonic()
    assert response.status_code == 200, response.status_code
    while True:
        health = requests.get(f"{cluster.instance(1)}/api/v1/health/", timeout=10).json()
        if health["model_version"] == "cluster-second" or time.monotonic() - activated > 10:
            break
        time.sleep(0.1)
    seen_after = time.monotonic() - activated
    assert health["model_version"] == "cluster-second", health
    # Each process re-reads the active version at most every MODEL_REFRESH_SECONDS (1 s here),
    # so from 1.5 s on, every answer of every process of B must come from the new version.
    time.sleep(max(0.0, activated + 1.5 - time.monotonic()))
    versions = {
        requests.post(
            f"{cluster.instance(1)}/api/v1/recognitions/",
            json={"image_data": image},
            headers={"X-Forwarded-For": f"198.51.100.{20 + attempt}"},
            timeout=30,
        ).json()["model_version"]
        for attempt in range(8)
    }
    assert versions == {"cluster-second"}, versions
    return f"activated through A's admin; B's health showed it {seen_after:.1f} s after A's answer, all 8 recognitions on B from 1.5 s on used it"


def check_worker_runs_a_job_queued_on_an_instance(cluster: Cluster) -> str:
    admin = cluster.admin_session(cluster.instance(1))
    response = admin.post(
        f"{cluster.instance(1)}/admin/recognizer/trainingrun/start/",
        data={"epochs": 1, "dry_run": "on", "csrfmiddlewaretoken": admin.cookies["csrftoken"]},
        timeout=30,
    )
    assert response.status_code == 200, response.status_code
    started = time.monotonic()
    while time.monotonic() - started < 300:
        (status, version) = cluster.query("SELECT status, version_id FROM recognizer_trainingrun")[0]
        if status in ("succeeded", "failed"):
            break
        time.sleep(1)
    assert status == "succeeded" and version is not None, status
    return f"a dry-run retraining queued through B's admin succeeded in the worker after {time.monotonic() - started:.0f} s"


def check_one_request_id_everywhere(cluster: Cluster) -> str:
    response = requests.get(f"{cluster.url}/api/v1/health/", timeout=10)
    request_id = response.headers["X-Request-ID"]
    time.sleep(0.5)  # nginx writes its access line after answering
    nginx = [json.loads(line) for line in cluster.log("nginx-access").read_text().splitlines()]
    assert any(line["request_id"] == request_id for line in nginx), request_id
    instances = [line for name in "AB" for line in cluster.request_lines(name) if line["request_id"] == request_id]
    assert len(instances) == 1 and instances[0]["path"] == "/api/v1/health/", instances
    return f"request id {request_id} in the response, nginx's JSON log and one instance's JSON log"


def check_slow_clients_do_not_stop_the_site(cluster: Cluster) -> str:
    """32 slow connections (16 endless headers, 16 trickling bodies) through nginx for 12 s:
    every liveness probe through nginx answers within 2 s. The same against one gunicorn
    directly is measured too (not asserted: it shows why gunicorn stays behind nginx)."""
    behind = attack_and_probe("127.0.0.1", cluster.nginx_port)
    assert behind.answered == behind.sent and behind.slowest < 2.0, behind
    direct = attack_and_probe("127.0.0.1", cluster.ports[0], seconds=8.0)
    return (
        f"slow clients: through nginx {behind.answered}/{behind.sent} probes answered (slowest "
        f"{behind.slowest:.2f} s, {behind.held_open} of 32 slow connections still open); "
        f"gunicorn A faced directly: {direct.answered}/{direct.sent}"
    )


def check_nginx_moves_past_a_stopped_instance(cluster: Cluster) -> str:
    """Last, as it stops instance A: nginx sends everything to B, nobody sees an error."""
    stop(cluster.processes[0])
    answered_by_b = len(cluster.request_lines("B"))
    codes = [requests.get(f"{cluster.url}/api/v1/health/", timeout=10).status_code for _ in range(10)]
    assert codes == [200] * 10, codes
    assert len(cluster.request_lines("B")) - answered_by_b == 10
    return "with instance A stopped, 10 of 10 requests through nginx answered 200 by B"


def service_arguments(doc: str) -> argparse.ArgumentParser:
    """A parser with the PostgreSQL and Redis servers every local check uses."""
    parser = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--postgres-url", default=os.environ.get("CLUSTER_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")
    )
    parser.add_argument("--redis-url", default=os.environ.get("CLUSTER_REDIS_URL", "redis://127.0.0.1:6379/0"))
    return parser


def main() -> int:
    parser = service_arguments(__doc__)
    parser.add_argument("--keep", action="store_true", help="keep the work folder (logs, configuration)")
    args = parser.parse_args()
    if not (ROOT / "frontend" / "dist" / "index.html").is_file():
        parser.error("build the page first: cd frontend && npm ci && npm run build")

    work = Path(tempfile.mkdtemp(prefix="digitsite-cluster-"))
    cluster = Cluster(work, args.postgres_url, args.redis_url)
    failures = 0
    try:
        _second_checkpoint(work / "second.pt")
        cluster.prepare(work / "second.pt")
        started = time.monotonic()
        cluster.start()
        print(f"cluster up in {time.monotonic() - started:.1f} s: nginx :{cluster.nginx_port} -> {cluster.ports}")
        image = drawing_data_url()
        checks = [
            (check_nginx_serves_files, ()),
            (check_drawings_land_in_one_database, (image,)),
            (check_one_throttle_limit_across_instances, (image,)),
            (check_activation_reaches_the_other_instance, (image,)),
            (check_worker_runs_a_job_queued_on_an_instance, ()),
            (check_one_request_id_everywhere, ()),
            (check_slow_clients_do_not_stop_the_site, ()),
            (check_nginx_moves_past_a_stopped_instance, ()),
        ]
        for check, extra in checks:
            try:
                print(f"PASS {check(cluster, *extra)}", flush=True)
            except AssertionError as exc:
                failures += 1
                print(f"FAIL {check.__name__}: {exc!r}", flush=True)
    finally:
        cluster.stop()
        if failures or args.keep:
            print(f"logs and configuration kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    print("cluster check: " + ("all passed" if not failures else f"{failures} failed"))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
