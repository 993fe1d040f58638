"""Server CPU per stored recognition, in-process: the cost of our code, without HTTP or a load generator.

Sets up the site with the production settings' code path on a throw-away SQLite database and
media folder, then posts real canvas PNGs (the MNIST test set drawn as the page draws) to
`POST /api/v1/recognitions/` by calling the site's WSGI application as gunicorn does (every
middleware, the request log line, the database and the file), one at a time, and reads the
calling thread's CPU time around each request (torch runs on this thread: TORCH_THREADS=1).
Each request stores a row and a file (the resubmission window is off). `--numbers` does the
same for five-digit numbers on `POST /api/v1/numbers/`: MNIST digits side by side, and real pen
writers' digits with their strokes, as the page sends them.

`--seed` also times the seed project's design (bench/seed_flask.py: write the PNG, read it back,
shrink it, one reading of LeNet-5) on the same drawings, called the same way, alternating with
ours request by request so that both see the same machine; it runs at the site's torch settings
(one thread, oneDNN off), the seed's request without its HTTP server. The ratio of the two
medians carries from machine to machine; it is not issue 19's 2.0 / 3.4 ms, whose 3.4 ms
included the seed's HTTP server.

`--essential` times, one of each in turn, the seed's design and what each layer of a stored
recognition adds: the essential path (bench/essential_path.py: the same preprocessing, five views, preview, file and
row with no framework around them), the site's service alone (recognize_drawing: the ORM row,
Django's file storage), the service with the answer's serializer, and the whole site. With
`--numbers` it also times a number read alone, read and stored, and through the whole site.

`--page-pngs` times the same drawings black on white as the page exports them, alternating: as
a browser's own four-channel PNG (what the page sent until it encoded its drawings itself) and
as the one-channel PNG it sends now (frontend/src/lib/canvas.ts).

Run: `.venv/bin/python -m bench.recognition_cpu --requests 500`
     `.venv/bin/python -m bench.recognition_cpu --numbers 200`
     `.venv/bin/python -m bench.recognition_cpu --requests 500 --seed`
     `.venv/bin/python -m bench.recognition_cpu --requests 500 --essential`
     `.venv/bin/python -m bench.recognition_cpu --requests 500 --page-pngs`
     `--profile` prints where the time goes (cProfile, top functions by own time).
"""

import argparse
import base64
import cProfile
import io
import json
import os
import pstats
import statistics
import sys
import tempfile
import time
import traceback
from pathlib import Path

from bench.disk import newest_folder, print_new_file_costs


def configure(workdir: Path) -> None:
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "digitsite.settings",
            "DEBUG": "false",
            "SECRET_KEY": "bench-only-secret",
            "ALLOWED_HOSTS": "127.0.0.1",
            "DATABASE_URL": f"sqlite:///{workdir / 'bench.sqlite3'}",
            "MEDIA_ROOT": str(workdir / "media"),
            "RESUBMISSION_WINDOW_SECONDS": "0",  # each request stores a drawing
            "RECOGNITION_THROTTLE_RATE": "off",
            "HTTPS": "false",
        }
    )
    # The request log lines (JSON, one per request, as in production) go to a file, not the terminal.
    sys.stderr = (workdir / "server.log").open("w")
    # A crash of the bench itself still reaches the terminal (the log file goes with the folder).
    sys.excepthook = lambda kind, value, trace: traceback.print_exception(kind, value, trace, file=sys.__stderr__)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def json_body(png: bytes, strokes: list | None = None) -> bytes:
    """A request body as the page sends it: the PNG as a data URL, with its strokes if any."""
    fields = {"image_data": "data:image/png;base64," + base64.b64encode(png).decode()}
    return json.dumps(fields | ({"strokes": strokes} if strokes else {})).encode()


def digit_payloads(count: int) -> list[bytes]:
    import numpy as np

    from ml.data import default_data_dir, load_mnist
    from ml.evaluation.canvas_sim import render_on_canvas

    images, _ = load_mnist(default_data_dir(), train=False)
    rng = np.random.default_rng(0)
    return [json_body(render_on_canvas(images[i].numpy(), rng)) for i in range(count)]


def number_payloads(count: int) -> dict[str, list[bytes]]:
    """Five-digit numbers as the page sends them: MNIST digits with gaps (no strokes), and one
    real pen test writer's digits per number with their strokes (bench/numbers.py's rows)."""
    import numpy as np

    from bench.numbers import LAYOUTS, WRITER_GAPS, _writers_by_id
    from ml.data import default_data_dir, load_mnist
    from ml.evaluation.number_sim import compose_number, compose_pen_number

    images, _ = load_mnist(default_data_dir(), train=False)
    rng = np.random.default_rng(105)
    mnist = [
        json_body(
            compose_number([images[int(i)].numpy() for i in rng.integers(0, len(images), 5)], rng, gap=LAYOUTS["gaps"])
        )
        for _ in range(count)
    ]
    writers = _writers_by_id()
    ids = sorted(writers)
    pen = []
    for _ in range(count):
        own = writers[ids[int(rng.integers(len(ids)))]]
        png, strokes = compose_pen_number(
            [own[int(i)] for i in rng.integers(0, len(own), 5)], rng, gap=WRITER_GAPS["gaps"]
        )
        pen.append(json_body(png, strokes))
    return {"MNIST digits with gaps": mnist, "pen writers with strokes": pen}


def wsgi_post(application, url: str, body: bytes) -> tuple[int, bytes]:
    """POST `body` as JSON through the WSGI application, as gunicorn calls it."""
    environ = {
        "REQUEST_METHOD": "POST",
        "SCRIPT_NAME": "",
        "PATH_INFO": url,
        "QUERY_STRING": "",
        "CONTENT_TYPE": "application/json",
        "CONTENT_LENGTH": str(len(body)),
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "127.0.0.1",
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(body),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": True,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    status = []
    chunks = application(environ, lambda line, headers, exc_info=None: status.append(line))
    try:
        return int(status[0].split()[0]), b"".join(chunks)
    finally:
        getattr(chunks, "close", lambda: None)()


def cpu_ms_per_request(application, url: str, payloads: list[bytes], *, expected: int, profile: bool) -> list[float]:
    profiler = cProfile.Profile() if profile else None
    times = []
    for body in payloads:
        started = time.thread_time_ns()
        if profiler:
            profiler.enable()
        status, content = wsgi_post(application, url, body)
        if profiler:
            profiler.disable()
        times.append((time.thread_time_ns() - started) / 1e6)
        if status != expected:
            print(f"{url} answered {status}: {content[:300]!r}")
            sys.exit(1)
    if profiler:
        pstats.Stats(profiler).sort_stats(os.environ.get("BENCH_SORT", "tottime")).print_stats(
            int(os.environ.get("BENCH_ROWS", "25"))
        )
    return times


def alternating_with_seed(application, payloads: list[bytes], images: Path) -> tuple[list[float], list[float]]:
    """CPU ms per request of ours (stored) and of the seed's design, one of each in turn."""
    from bench.seed_flask import create_app

    seed = create_app(images)
    cpu_ms_per_request(seed, "/recognition", payloads[:50], expected=200, profile=False)  # warm-up
    return in_turn((application, "/api/v1/recognitions/", payloads, 201), (seed, "/recognition", payloads, 200))


def service_app(serve, answer):
    """A bare WSGI application around one of the site's services (no middleware, no DRF view, no
    request validation): the body's image and strokes as a Submission, the service's result
    through `answer` as the JSON answer."""
    from recognizer.models import Drawing
    from recognizer.reading.services import Submission

    def application(environ, start_response):
        body = json.loads(environ["wsgi.input"].read(int(environ["CONTENT_LENGTH"])))
        submission = Submission(
            base64.b64decode(body["image_data"].split(",")[-1]),
            source=Drawing.Source.API,
            owner_key="bench",
            declared_format="PNG",
            strokes=body.get("strokes"),
        )
        content = json.dumps(answer(serve(submission=submission))).encode()
        start_response("201 Created", [("Content-Type", "application/json")])
        return [content]

    return application


def layers(application, payloads: list[bytes], folder: Path) -> tuple[list[float], ...]:
    """CPU ms per request of the seed's design, the essential path (bench/essential_path.py: the
    same reading and storing with no framework), the service alone, the service with the answer's
    serializer, and the whole site, one of each in turn: what each layer adds."""
    from django.conf import settings

    from bench import seed_flask
    from bench.essential_path import create_app, stored_rows
    from recognizer.api.serializers import RecognitionSerializer
    from recognizer.reading.services import recognize_drawing

    database = settings.DATABASES["default"]["NAME"]  # the site's own table, as the essential path writes
    essential = create_app(folder / "media", database)
    # The site's service (recognize_drawing: the row through the ORM, the file through Django's
    # storage, one transaction), answering with a minimal JSON, then with the site's serializer.
    minimal = service_app(recognize_drawing, lambda r: {"id": r.drawing.id, "digit": r.drawing.predicted_digit})
    serialized = service_app(recognize_drawing, lambda r: RecognitionSerializer(r.drawing).data)
    seed = seed_flask.create_app(folder / "seed-images")
    streams = [(seed, "/recognition", payloads, 200), (essential, "/", payloads, 201)]
    streams += [(minimal, "/", payloads, 201), (serialized, "/", payloads, 201)]
    for app, url, _, status in streams:
        cpu_ms_per_request(app, url, payloads[:50], expected=status, profile=False)  # warm-up
    times = in_turn(*streams, (application, "/api/v1/recognitions/", payloads, 201))
    assert stored_rows(database) == 50 + len(payloads), "every 201 stores one row"
    return times


def number_layers(application, bodies: list[bytes]) -> tuple[list[float], ...]:
    """CPU ms of a number read alone (the segmentation and the networks: nothing stored), read and
    stored by the service (the number's file and row, each digit's crop, file and row), and
    through the whole site, one of each in turn."""
    from recognizer.reading.services import read_submitted_number, recognize_number

    reading = service_app(read_submitted_number, lambda unsaved: {"text": unsaved.number.text})
    storing = service_app(recognize_number, lambda number: {"text": number.text})
    streams = [(reading, "/", bodies, 201), (storing, "/", bodies, 201), (application, "/api/v1/numbers/", bodies, 201)]
    return in_turn(*streams)


def page_pngs(payloads: list[bytes]) -> tuple[list[bytes], list[bytes]]:
    """Each drawing black on white, as the page exports it: a four-channel PNG as a browser
    makes it (Pillow makes it here), and the one-channel PNG the page sends now (the same pixels)."""
    import numpy as np
    from PIL import Image

    from ml.preprocess import read_ink

    def body(image: Image.Image) -> bytes:
        buffer = io.BytesIO()
        image.save(buffer, format="PNG")
        return json_body(buffer.getvalue())

    four, one = [], []
    for payload in payloads:
        ink = read_ink(base64.b64decode(json.loads(payload)["image_data"].split(",", 1)[1]))
        grey = Image.fromarray(255 - np.rint(ink * 255).astype(np.uint8))
        four.append(body(grey.convert("RGBA")))
        one.append(body(grey))
    return four, one


def in_turn(*streams: tuple) -> tuple[list[float], ...]:
    """CPU ms per request of each stream (application, URL, bodies, expected status), one
    request of each in turn, so that all see the same machine."""
    times: tuple[list[float], ...] = tuple([] for _ in streams)
    for index in range(len(streams[0][2])):
        for (application, url, bodies, expected), kept in zip(streams, times, strict=True):
            kept += cpu_ms_per_request(application, url, [bodies[index]], expected=expected, profile=False)
    return times


def report(name: str, times: list[float]) -> None:
    ordered = sorted(times)
    print(
        f"{name}: median {statistics.median(times):.2f} ms CPU, p10 {ordered[len(ordered) // 10]:.2f},"
        f" p90 {ordered[len(ordered) * 9 // 10]:.2f}, n={len(times)}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=500, help="stored recognitions to time (after 50 warm-up)")
    parser.add_argument("--numbers", type=int, default=0, help="also time this many five-digit numbers of each kind")
    parser.add_argument("--profile", action="store_true", help="print a cProfile of each timed kind of request")
    parser.add_argument("--seed", action="store_true", help="also time the seed's design, alternating with ours")
    parser.add_argument(
        "--essential",
        action="store_true",
        help="also time the essential path (no framework) and the layers above it, in turn",
    )
    parser.add_argument(
        "--page-pngs", action="store_true", help="also time the page's drawings as four- and one-channel PNGs, in turn"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        configure(Path(folder))
        from django.core.wsgi import get_wsgi_application

        from recognizer.models import Drawing

        client = get_wsgi_application()
        payloads = digit_payloads(min(args.requests, 1000))
        cpu_ms_per_request(client, "/api/v1/recognitions/", payloads[:50], expected=201, profile=False)  # warm-up
        timed = [payloads[i % len(payloads)] for i in range(args.requests)]
        before = Drawing.objects.count()
        times = cpu_ms_per_request(client, "/api/v1/recognitions/", timed, expected=201, profile=args.profile)
        assert Drawing.objects.count() - before == args.requests, "every 201 stores one row"
        report("POST /api/v1/recognitions/ (280×280 canvas PNG, stored)", times)
        ours_folder = newest_folder(Path(folder) / "media" / "drawings")  # the service's layers write here too
        if args.seed:
            before = Drawing.objects.count()
            ours, theirs = alternating_with_seed(client, timed, Path(folder) / "seed-images")
            assert Drawing.objects.count() - before == args.requests, "every 201 stores one row"
            report("alternating, ours: POST /api/v1/recognitions/", ours)
            report("alternating, the seed's design: POST /recognition", theirs)
            print(f"ours / seed's: {statistics.median(ours) / statistics.median(theirs):.2f}")
            print_new_file_costs({"ours": ours_folder, "seed": Path(folder) / "seed-images"})
        if args.essential:
            site_rows = Drawing.objects.exclude(image__startswith="essential/")
            before = site_rows.count()
            seed, essential, service, serialized, ours = layers(client, timed, Path(folder) / "essential")
            assert site_rows.count() - before == 3 * args.requests + 100, "every 201 stores one row"
            report("in turn, the seed's design: POST /recognition", seed)
            report("in turn, the essential path (bench/essential_path.py)", essential)
            report("in turn, the service (ORM row, Django's file storage), a minimal answer", service)
            report("in turn, the service and RecognitionSerializer's answer", serialized)
            report("in turn, ours: POST /api/v1/recognitions/", ours)
            base = statistics.median(essential)
            print(
                f"/ essential: seed {statistics.median(seed) / base:.2f}, service {statistics.median(service) / base:.2f},"
                f" with serializer {statistics.median(serialized) / base:.2f}, ours {statistics.median(ours) / base:.2f}"
            )
            from bench.essential_path import FOLDER

            layer_folders = {"essential": Path(folder) / "essential" / "media" / FOLDER}
            print_new_file_costs(
                {"ours": ours_folder, **layer_folders, "seed": Path(folder) / "essential" / "seed-images"}
            )
        if args.page_pngs:
            before = Drawing.objects.count()
            four_channel, one_channel = page_pngs(timed)
            url = "/api/v1/recognitions/"
            four, one = in_turn((client, url, four_channel, 201), (client, url, one_channel, 201))
            assert Drawing.objects.count() - before == 2 * args.requests, "every 201 stores one row"
            report("black on white, a browser's four-channel PNG", four)
            report("black on white, the page's one-channel PNG", one)
            print(f"one-channel / four-channel: {statistics.median(one) / statistics.median(four):.2f}")
        if args.numbers:
            for kind, bodies in number_payloads(args.numbers).items():
                cpu_ms_per_request(client, "/api/v1/numbers/", bodies[:5], expected=201, profile=False)
                report(
                    f"POST /api/v1/numbers/ (five digits, {kind}, stored)",
                    cpu_ms_per_request(client, "/api/v1/numbers/", bodies, expected=201, profile=args.profile),
                )
                if args.essential:
                    reading, service, ours = number_layers(client, bodies)
                    report(f"in turn, reading alone (read_submitted_number), {kind}", reading)
                    report(f"in turn, reading and storing (recognize_number), {kind}", service)
                    report(f"in turn, ours: POST /api/v1/numbers/, {kind}", ours)


if __name__ == "__main__":
    main()
