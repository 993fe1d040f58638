"""Hostile requests that once took the site down or answered 500 (issue 14), as data: each
case is how to send it and what must come back. Shared by the HTTP tests and the fuzzers."""

import base64
import io
import json

import numpy as np
from PIL import Image, ImageDraw

JSON = {"Content-Type": "application/json"}


def encoded(image: Image.Image, fmt: str = "PNG", **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=fmt, **options)
    return buffer.getvalue()


def data_url(data: bytes, mime: str = "image/png") -> str:
    return f"data:{mime};base64,{base64.b64encode(data).decode()}"


def seven(size: int = 280) -> Image.Image:
    """A plain 7, black on white, in mode L."""
    image = Image.new("L", (size, size), 255)
    scale = size / 280
    ImageDraw.Draw(image).line(
        [(70 * scale, 60 * scale), (210 * scale, 60 * scale), (120 * scale, 230 * scale)], fill=0, width=18
    )
    return image


SEVEN = data_url(encoded(seven()))


def as_mode(image: Image.Image, mode: str) -> Image.Image:
    """An L image in `mode` (16-bit greyscale spans 0..65535, as real 16-bit files do)."""
    if mode == "I;16":
        return Image.fromarray(np.asarray(image, dtype=np.uint16) * 257)
    return image.convert(mode)


def in_mode(mode: str, fmt: str = "PNG") -> bytes:
    """The 7 in `mode`, encoded as `fmt`."""
    return encoded(as_mode(seven(), mode), fmt)


def exif_rotated_seven(orientation: int = 6) -> bytes:
    """A JPEG whose pixels are the 7 turned so that EXIF `orientation` turns it upright again."""
    turn = {3: Image.Transpose.ROTATE_180, 6: Image.Transpose.ROTATE_90, 8: Image.Transpose.ROTATE_270}
    exif = Image.Exif()
    exif[0x0112] = orientation
    return encoded(seven().transpose(turn[orientation]).convert("RGB"), "JPEG", exif=exif)


def far_strokes(reach: float = 1e9) -> list:
    """The 8-point stroke whose unclipped drawing cost 22-31 s of CPU at 1e9."""
    return [[[5, reach], [5, -reach]] * 4]


def zigzag_strokes(reach: float = 99_999, strokes: int = 60, points: int = 333) -> list:
    """The most drawing within the limits: 60 strokes (the most used) of corner-to-corner segments."""
    return [[[-reach, -reach] if i % 2 == 0 else [reach, reach] for i in range(points)] for _ in range(strokes)]


def deep(levels: int = 1000) -> str:
    return '{"image_data": "x", "strokes": ' + "[" * levels + "]" * levels + "}"


def with_strokes_text(strokes: str) -> str:
    """A JSON body with the 7 and `strokes` exactly as written (numbers json.dumps cannot make)."""
    return '{"image_data": "' + SEVEN + '", "strokes": ' + strokes + "}"


def body(payload) -> dict:
    return {"data": payload if isinstance(payload, str | bytes) else json.dumps(payload), "headers": JSON}


def _chunked():
    yield json.dumps({"image_data": SEVEN}).encode()


NUMBERS, RECOGNITIONS, LEGACY = "/api/v1/numbers/", "/api/v1/recognitions/", "/recognition"
# name: (method, path, requests keyword arguments, status, error code or None when 201/200)
REFUSED = {
    "strokes at ±1e9 (2 KB, 30 s of CPU before)": ("POST", NUMBERS, body({"image_data": SEVEN, "strokes": far_strokes()}), 400, "invalid_request"),
    "JSON 1000 deep, numbers": ("POST", NUMBERS, body(deep()), 400, "invalid_json"),
    "JSON 1000 deep, recognitions": ("POST", RECOGNITIONS, body(deep()), 400, "invalid_json"),
    "JSON 1000 deep, legacy": ("POST", LEGACY, body(deep()), 400, "invalid_json"),
    "JSON 100000 deep": ("POST", RECOGNITIONS, body("[" * 100_000), 400, "invalid_json"),
    "a 400-digit integer in strokes": ("POST", NUMBERS, body(with_strokes_text(f"[[[{'9' * 400}, 5]]]")), 400, "invalid_json"),
    "a 4000-digit integer as image_data": ("POST", RECOGNITIONS, body('{"image_data": ' + "9" * 4000 + "}"), 400, "invalid_json"),
    "1e400 (infinity) in strokes": ("POST", NUMBERS, body(with_strokes_text("[[[1e400, 5]]]")), 400, "invalid_json"),
    "NaN in strokes": ("POST", NUMBERS, body(with_strokes_text("[[[NaN, 5]]]")), 400, "invalid_json"),
    "20,000 points at 1e300 (a 12 MB admin page before)": ("POST", RECOGNITIONS, body({"image_data": SEVEN, "strokes": [[[1e300, 1e300]] * 100] * 200}), 400, "invalid_json"),
    "20,000 points at 1e6": ("POST", RECOGNITIONS, body({"image_data": SEVEN, "strokes": [[[1e6, 1e6]] * 100] * 200}), 400, "invalid_request"),
    "20,001 points": ("POST", NUMBERS, body({"image_data": SEVEN, "strokes": [[[5, 5]] * 20_001]}), 400, "invalid_request"),
    "201 strokes": ("POST", NUMBERS, body({"image_data": SEVEN, "strokes": [[[5, 5]]] * 201}), 400, "invalid_request"),
    "a chunked body": ("POST", RECOGNITIONS, {"data": _chunked, "headers": JSON}, 411, "length_required"),
    "a chunked body, legacy": ("POST", LEGACY, {"data": _chunked, "headers": JSON}, 411, "length_required"),
    "a bad Host": ("GET", RECOGNITIONS, {"headers": {"Host": "evil.example"}}, 400, "invalid_host"),
    "1001 files": ("POST", RECOGNITIONS, {"files": {f"f{i}": (f"{i}.png", b"x") for i in range(1001)}}, 400, "too_many_files"),
    "1001 fields": ("POST", RECOGNITIONS, {"files": {"image": ("a.png", b"x")}, "data": {f"f{i}": "x" for i in range(1001)}}, 400, "too_many_fields"),
    "POST /api/docs/": ("POST", "/api/docs/", {}, 405, "method_not_allowed"),
    "created_after=0001-01-01T00:00:00+01:00": ("GET", RECOGNITIONS + "?created_after=0001-01-01T00:00:00%2B01:00", {}, 400, "invalid_request"),
    "created_before=9999-12-31T23:59:59-01:00": ("GET", RECOGNITIONS + "?created_before=9999-12-31T23:59:59-01:00", {}, 400, "invalid_request"),
}  # fmt: skip
FAIR = {
    "strokes at ±1e5 on a fair 7": ("POST", NUMBERS, body({"image_data": SEVEN, "strokes": far_strokes(1e5)}), 201, None),
    "60 zigzag strokes of 333 points at ±99,999": ("POST", NUMBERS, body({"image_data": SEVEN, "strokes": zigzag_strokes()}), 201, None),
    "CMYK JPEG, numbers": ("POST", NUMBERS, body({"image_data": data_url(in_mode("CMYK", "JPEG"), "image/jpeg")}), 201, None),
    "CMYK JPEG, recognitions": ("POST", RECOGNITIONS, body({"image_data": data_url(in_mode("CMYK", "JPEG"), "image/jpeg")}), 201, None),
    "I;16 PNG, numbers": ("POST", NUMBERS, body({"image_data": data_url(in_mode("I;16"))}), 201, None),
    "P PNG, legacy": ("POST", LEGACY, body({"image_data": data_url(in_mode("P"))}), 200, None),
    "LA PNG, multipart numbers": ("POST", NUMBERS, {"files": {"image": ("7.png", in_mode("LA"))}}, 201, None),
    "1-bit PNG, recognitions": ("POST", RECOGNITIONS, body({"image_data": data_url(in_mode("1"))}), 201, None),
    "OPTIONS /api/docs/": ("OPTIONS", "/api/docs/", {}, 200, None),
}  # fmt: skip
