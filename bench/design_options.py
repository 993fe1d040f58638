"""What issue 19's design options would buy: the site's recognition with parts of its framework
taken away, each timed in-process against the essential path (bench/essential_path.py).

Issue 19 asks for twice the seed design's throughput while keeping the ORM row, Django's file
storage and the DRF view. Under load, each server's throughput follows its CPU per request, and
the essential path's is the floor. This bench tells how close each option would bring the site to
that floor, so the choice between them can be made on numbers. None of these variants is part of
the site: they replace its parts inside this process only.

One request of each, in turn, on the bench's canvas drawings (bench/recognition_cpu.py's):
- the essential path;
- the site as it is;
- the site with its storage replaced: the row as one raw INSERT through Django's connection, the
  file written with one exclusive open (no ORM save, no Django file storage, no transaction and
  no turns for SQLite's writers);
- that, with only the middleware a recognition needs: the request log, the body limit, sessions
  and the owner cookie (and authentication, which DRF's view reads);
- a plain Django view instead of DRF's (no request serializer, no content negotiation), with
  the same storage, the same four middleware and the site's answer serializer;
- the plain view with no middleware at all: the least any Django view can cost.

Run: `.venv/bin/python -m bench.design_options --requests 400`
"""

import argparse
import json
import os
import statistics
import tempfile
import types
from pathlib import Path

from bench.recognition_cpu import configure, cpu_ms_per_request, digit_payloads, in_turn, wsgi_post

URL = "/api/v1/recognitions/"
NEEDED = ("RequestLogMiddleware", "BodySizeLimitMiddleware", "SessionMiddleware", "OwnerCookieMiddleware")


def lean_recognize(*, submission):
    """recognize_drawing with the file written by one exclusive open and the row by one raw INSERT
    (autocommit: one statement is its own transaction). Unlike the site's, a failed INSERT leaves
    its file behind: a bench variant, timed only on drawings that store."""
    from django.conf import settings
    from django.db import connection
    from django.utils import timezone

    from recognizer.models import drawing_upload_to
    from recognizer.reading import services

    prepared = services.preprocess_image(submission.image_bytes, expected_format=submission.declared_format)
    digest = services.input_digest(prepared.preview)
    drawing = services._read_prepared(prepared, submission, digest=digest)
    name = drawing_upload_to(drawing, "drawing.png")
    path = Path(settings.MEDIA_ROOT) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    with os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644), "wb") as file:
        file.write(submission.image_bytes)
    drawing.image.name, drawing.created_at = name, timezone.now()
    row = {
        "image": name,
        "preview_png": drawing.preview_png,
        "input_sha256": digest,
        "strokes": json.dumps(submission.strokes) if submission.strokes else None,
        "predicted_digit": drawing.predicted_digit,
        "probabilities": json.dumps(drawing.probabilities),
        "confidence": drawing.confidence,
        "not_a_digit": drawing.not_a_digit,
        "model_version_id": drawing.model_version_id,
        "source": drawing.source,
        "owner_key": drawing.owner_key,
        "created_at": drawing.created_at,
        "label_source": "",
        "drawer_not_a_digit": False,
        "status": "unreviewed",
    }
    with connection.cursor() as cursor:  # RETURNING: SQLite (3.35+) and PostgreSQL alike
        cursor.execute(
            f"INSERT INTO recognizer_drawing ({', '.join(row)}) VALUES ({', '.join(['%s'] * len(row))}) RETURNING id",
            list(row.values()),
        )
        drawing.pk = cursor.fetchone()[0]
    return services.Recognition(drawing, True)


def plain_view(request):
    """POST /api/v1/recognitions/ as a plain Django view: JSON in, the site's answer serializer out."""
    from django.http import JsonResponse

    from recognizer.api.decoding import decode_image_data
    from recognizer.api.serializers import RecognitionSerializer
    from recognizer.models import Drawing
    from recognizer.reading.services import Submission
    from recognizer.reading.visitors import owner_key

    body = json.loads(request.body)
    decoded = decode_image_data(body["image_data"])
    submission = Submission(
        image_bytes=decoded.data,
        declared_format=decoded.declared_format,
        strokes=body.get("strokes"),
        source=Drawing.Source.API,
        owner_key=owner_key(request, create=True),
    )
    drawing, _ = lean_recognize(submission=submission)
    return JsonResponse(RecognitionSerializer(drawing).data, status=201)


class PlainUrls:
    """A middleware that routes this request through the plain view first (the site's URLs after it,
    so that the answer can reverse them)."""

    urls = None

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.urlconf = self.urls
        return self.get_response(request)


def handler(middleware: list[str]):
    from django.conf import settings
    from django.core.handlers.wsgi import WSGIHandler

    kept, settings.MIDDLEWARE = settings.MIDDLEWARE, middleware
    try:
        return WSGIHandler()  # reads MIDDLEWARE once, here
    finally:
        settings.MIDDLEWARE = kept


def plain_site(*, middleware: bool = True):
    """The plain view with lean storage, behind the middleware a recognition needs (or none)."""
    from django.urls import path
    from django.views.decorators.csrf import csrf_exempt

    import digitsite.urls

    PlainUrls.urls = types.ModuleType("plain_urls")  # a URLconf module, hashable as Django's cache needs
    PlainUrls.urls.urlpatterns = [path(URL[1:], csrf_exempt(plain_view)), *digitsite.urls.urlpatterns]
    return handler([f"{__name__}.PlainUrls", *(needed_middleware() if middleware else [])])


def needed_middleware() -> list[str]:
    """The site's middleware a recognition needs (NEEDED), in the site's order."""
    from django.conf import settings

    return [m for m in settings.MIDDLEWARE if m.rsplit(".", 1)[-1] in NEEDED]


def serve():
    """For gunicorn (bench/api_load.py --plain-view): the site set up as `gunicorn digitsite.wsgi`
    sets it up, answering POST /api/v1/recognitions/ with the plain view and lean storage."""
    import digitsite.wsgi  # noqa: F401 - settings, and the warm-up the site's entry point does

    return plain_site()


def with_lean_storage(application):
    """The application with the DRF view's service replaced by lean_recognize while it answers."""
    import recognizer.api.views as views

    real = views.recognize_drawing

    def wrapped(environ, start_response):
        views.recognize_drawing = lean_recognize
        try:
            return application(environ, start_response)
        finally:
            views.recognize_drawing = real

    return wrapped


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=400, help="drawings to post to each variant (after 30 warm-up)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        configure(Path(folder))
        from django.conf import settings
        from django.core.wsgi import get_wsgi_application

        from bench.essential_path import create_app
        from recognizer.models import Drawing

        site = get_wsgi_application()
        drawings = digit_payloads(min(args.requests, 1000))
        bodies = [drawings[i % len(drawings)] for i in range(args.requests)]
        wsgi_post(site, URL, bodies[0])  # registers the model version the essential path writes
        authentication = "django.contrib.auth.middleware.AuthenticationMiddleware"  # DRF's view reads request.user
        variants = {
            "the essential path": (create_app(Path(folder) / "essential", settings.DATABASES["default"]["NAME"]), "/"),
            "the site as it is": (site, URL),
            "lean storage (raw INSERT, exclusive open)": (with_lean_storage(site), URL),
            "  and only the middleware it needs": (
                with_lean_storage(handler([*needed_middleware(), authentication])),
                URL,
            ),
            "a plain Django view, lean storage, that middleware": (plain_site(), URL),
            "  and no middleware at all": (plain_site(middleware=False), URL),
        }
        streams = [(application, url, bodies, 201) for application, url in variants.values()]
        for application, url, _, status in streams:
            cpu_ms_per_request(application, url, bodies[:30], expected=status, profile=False)  # warm-up
        before = Drawing.objects.count()
        times = in_turn(*streams)
        assert Drawing.objects.count() - before == len(variants) * len(bodies), "every 201 stores one row"
        base = statistics.median(times[0])
        for name, each in zip(variants, times, strict=True):
            print(
                f"{name:<52} median {statistics.median(each):5.2f} ms CPU, / essential {statistics.median(each) / base:.2f}"
            )


if __name__ == "__main__":
    main()
