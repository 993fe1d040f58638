"""Files the site answers with: a stored drawing (to its drawer or staff) and dataset exports."""

import itertools
import mimetypes

from django.db.models import QuerySet
from django.http import FileResponse, StreamingHttpResponse

from recognizer.modelops.exports import stream_zip
from recognizer.models import Drawing


def drawing_image_response(drawing: Drawing) -> FileResponse:
    """The stored image as submitted, for its drawer or for staff (callers check which)."""
    content_type = mimetypes.guess_type(drawing.image.name)[0] or "application/octet-stream"
    response = FileResponse(drawing.image.open("rb"), content_type=content_type)
    response["Cache-Control"] = "private, max-age=86400"
    return response


def export_response(drawings: QuerySet[Drawing], *, fmt: str, description: dict) -> StreamingHttpResponse:
    """The export as a streamed zip download. Raises EmptyExportError (and any error of the
    selection's query) before the response starts, so the caller still answers it properly."""
    chunks = stream_zip(drawings, fmt=fmt, description=description)
    first = next(chunks, b"")  # runs the selection's query now, not mid-stream
    response = StreamingHttpResponse(itertools.chain([first], chunks), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="digitsite-{fmt}.zip"'
    return response
