"""Property-based fuzzing over HTTP (hypothesis, fixed seed) of what issue 14 found by hand:
strokes with extreme and out-of-image coordinates, deep nesting, huge numbers, odd image modes
and orientations. Each example goes to gunicorn with the production settings and must answer
within seconds, never 5xx; refusals are 400, fair drawings of a 7 are read as 7."""

import json
import time

import pytest
import requests
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st
from PIL import Image

from recognizer.api.serializers import MAX_COORDINATE
from testing import hostile

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.system]
FUZZ = settings(
    max_examples=30,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
EXTREMES = [0, 5, 279, 280, -1, 99_999, -99_999, 100_001, 1e9, -1e9, 1e300, -1e300, 10**20, 10**400]
coordinate = st.one_of(
    st.sampled_from(EXTREMES),
    st.integers(-(10**500), 10**500),
    st.floats(allow_nan=True, allow_infinity=True),
    st.floats(-2 * MAX_COORDINATE, 2 * MAX_COORDINATE),
)
point = st.lists(coordinate, min_size=0, max_size=5)
strokes = st.lists(st.lists(point, max_size=60), max_size=8)


def _post(base: str, path: str, **options) -> tuple[requests.Response, float]:
    started = time.monotonic()
    response = requests.post(base + path, timeout=60, **options)
    return response, time.monotonic() - started


def _fair(stroke_list: list) -> bool:
    """Whether the serializer should accept these strokes."""

    def number(value, limit) -> bool:
        return isinstance(value, int | float) and -limit <= value <= limit

    return all(
        2 <= len(p) <= 4 and all(number(v, MAX_COORDINATE) for v in p[:2]) and all(number(v, 1e15) for v in p[2:])
        for stroke in stroke_list
        for p in stroke
    )


@seed(20261202)
@FUZZ
@given(stroke_list=strokes, path=st.sampled_from([hostile.NUMBERS, hostile.RECOGNITIONS]))
def test_strokes_with_any_coordinates_answer_201_or_400_within_seconds(server, stroke_list, path):
    base, _ = server
    text = json.dumps({"image_data": hostile.SEVEN, "strokes": stroke_list})  # NaN and 10**400 stay literal
    response, seconds = _post(base, path, data=text, headers=hostile.JSON)
    assert seconds < 5.0
    assert response.status_code == (201 if _fair(stroke_list) else 400), (response.status_code, response.text[:300])


@seed(20261202)
@FUZZ
@given(
    depth=st.integers(1, 200_000),
    opener=st.sampled_from(["[", '{"a": ', '{"strokes": ']),
    path=st.sampled_from([hostile.NUMBERS, hostile.RECOGNITIONS, hostile.LEGACY]),
    closed=st.booleans(),
)
def test_nesting_of_any_depth_answers_4xx_within_seconds(server, depth, opener, path, closed):
    base, _ = server
    closer = {"[": "]", '{"a": ': "}", '{"strokes": ': "}"}[opener]
    text = opener * depth + ("0" + closer * depth if closed else "")
    response, seconds = _post(base, path, data=text, headers=hostile.JSON)
    assert seconds < 5.0
    assert 400 <= response.status_code < 500, (response.status_code, response.text[:300])
    assert response.json()["error"] in ("invalid_json", "invalid_request", "payload_too_large")


# How ImageOps.exif_transpose turns each orientation upright; each is its own inverse except 6 and 8.
UPRIGHT = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_90,  # exif_transpose applies ROTATE_270
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_270,  # exif_transpose applies ROTATE_90
}
ENCODABLE = {
    "PNG": ["1", "L", "LA", "P", "RGB", "RGBA", "I;16"],
    "JPEG": ["1", "L", "RGB", "CMYK"],
    "WEBP": ["L", "RGB", "RGBA"],
}


@st.composite
def odd_images(draw) -> tuple[bytes, str]:
    fmt = draw(st.sampled_from(sorted(ENCODABLE)))
    mode = draw(st.sampled_from(ENCODABLE[fmt]))
    orientation = draw(st.integers(1, 8))
    image = hostile.seven()
    if orientation > 1:
        image = image.transpose(UPRIGHT[orientation])
    exif = Image.Exif()
    exif[0x0112] = orientation
    options = {"exif": exif, **({"lossless": True} if fmt == "WEBP" else {})}
    return hostile.encoded(hostile.as_mode(image, mode), fmt, **options), fmt


@seed(20261202)
@FUZZ
@given(case=odd_images(), path=st.sampled_from([hostile.NUMBERS, hostile.RECOGNITIONS, hostile.LEGACY]))
def test_a_seven_in_any_mode_and_orientation_is_read_as_seven(server, case, path):
    base, _ = server
    data, fmt = case
    mime = {"PNG": "image/png", "JPEG": "image/jpeg", "WEBP": "image/webp"}[fmt]
    response, seconds = _post(base, path, json={"image_data": hostile.data_url(data, mime)})
    assert seconds < 5.0
    assert response.status_code in (200, 201), response.text[:300]
    body = response.json()
    assert str(body.get("digit", body.get("number", body.get("result", {}).get("num")))) == "7", body
