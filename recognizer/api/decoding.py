"""Turn the API's `image_data` text (a data URL or bare base64) into image bytes."""

import base64
import binascii
import re
from dataclasses import dataclass

from ml.formats import FORMAT_OF_EXTENSION, FORMAT_OF_MIME
from recognizer.api.errors import ApiError

DATA_URL = re.compile(r"data:(?P<mime>[^;,]*)(?P<params>(?:;[^;,]*)*);base64,", re.IGNORECASE)
BASE64_TEXT = re.compile(r"[A-Za-z0-9+/]*={0,2}")


@dataclass(frozen=True)
class ImageInput:
    data: bytes
    declared_format: str | None  # what the client said it sent; checked against the content


def decode_image_data(text: str) -> ImageInput:
    """Decode a PNG/JPEG/WebP data URL or bare base64 (whitespace and URL-safe alphabet allowed)."""
    declared = None
    payload = text.strip()
    if payload[:5].lower() == "data:":
        match = DATA_URL.match(payload)
        if not match:
            raise ApiError("invalid_data_url", "image_data is a data URL but not a base64 one.")
        mime = match.group("mime").lower()
        declared = FORMAT_OF_MIME.get(mime)
        if declared is None:
            raise ApiError(
                "unsupported_image_format",
                f"The data URL says {mime or 'no type'}; send image/png, image/jpeg or image/webp.",
                415,
            )
        payload = payload[match.end() :]
    payload = re.sub(r"\s+", "", payload).replace("-", "+").replace("_", "/")
    payload += "=" * (-len(payload) % 4)
    if not BASE64_TEXT.fullmatch(payload):
        raise ApiError("invalid_base64", "image_data is not valid base64.")
    try:
        data = base64.b64decode(payload, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ApiError("invalid_base64", "image_data is not valid base64.") from exc
    if not data:
        raise ApiError("invalid_base64", "image_data decodes to nothing.")
    return ImageInput(data=data, declared_format=declared)


def upload_format(content_type: str | None, filename: str | None) -> str | None:
    """The format a multipart upload claims through its content type or file extension."""
    declared = FORMAT_OF_MIME.get((content_type or "").lower())
    if declared:
        return declared
    extension = (filename or "").rsplit(".", 1)[-1].lower() if filename and "." in filename else ""
    return FORMAT_OF_EXTENSION.get(extension)
