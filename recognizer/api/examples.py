"""Request examples for the interactive API documentation: each works as sent ("Try it out")."""

from drf_spectacular.utils import OpenApiExample

# A 64×64 greyscale PNG of a hand-drawn 7: three points joined by a 6-pixel pen, as the page
# draws (test_openapi_schema checks that it is read as a sure 7). Kept as text, not drawn at
# import, so the schema file stays byte-identical whatever Pillow's PNG encoder does.
SEVEN_PNG_BASE64 = (
    "iVBORw0KGgoAAAANSUhEUgAAAEAAAABACAAAAACPAi4CAAAAkklEQVR42u3W0QrAIAgF0Bz7/1++e96W6TJvMOwx6HKUkgQtto5W"
    "ARXwi4DzuSHmEUQFsr8HEg3A0hIEn+nY1sQugCnoA4gCBcATaACaQAWwBDqAJBgAXAGy6DViNmBUAKWJYwBBYADyBRYgXWACsgU2"
    "IFngAOQKPIBUgQvw/ifeJpBE7wFgAcweIDwPKqACPOsCRW4bfhCpdUEAAAAASUVORK5CYII="
)

RECOGNITION_REQUEST_EXAMPLES = [
    OpenApiExample(
        "Drawn seven",
        summary="A drawn 7 as a data URL (JSON)",
        value={"image_data": f"data:image/png;base64,{SEVEN_PNG_BASE64}"},
        request_only=True,
        media_type="application/json",
    ),
    OpenApiExample(
        "Drawn seven with strokes",
        summary="A drawn 7 with its pen strokes (JSON)",
        value={
            "image_data": f"data:image/png;base64,{SEVEN_PNG_BASE64}",
            "strokes": [[[16, 14], [48, 14], [28, 52]]],
        },
        request_only=True,
        media_type="application/json",
    ),
]
