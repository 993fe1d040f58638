"""Drawings with their pen strokes, as the page sends them, for the number-reading tests."""

from PIL import Image, ImageDraw

from testing.images import png


def drawn_with_strokes(size: tuple[int, int], *strokes: list[tuple[int, int]]) -> tuple[bytes, list]:
    """Strokes drawn as the page would send them: the PNG and the strokes (in its pixels)."""
    image = Image.new("L", size, 255)
    pen = ImageDraw.Draw(image)
    for stroke in strokes:
        pen.line(stroke, fill=0, width=20, joint="curve")
    return png(image), [[list(p) for p in stroke] for stroke in strokes]


def touching_seven_and_one() -> tuple[bytes, list]:
    """A 7 and a 1 whose ink touches."""
    return drawn_with_strokes((840, 280), [(178, 62), (302, 62), (218, 230)], [(308, 50), (306, 230)])
