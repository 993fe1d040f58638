"""Images for tests: drawn digits, PNG bytes and data URLs, and hand-made hostile files."""

import base64
import io
import struct
import zlib
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png_declaring(width: int, height: int) -> bytes:
    """A small PNG whose header claims width×height pixels (a decompression bomb's shape)."""
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    rows = zlib.compress(b"\x00" * (width + 1) * 16)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", rows) + _chunk(b"IEND", b"")


def animated(fmt: str) -> bytes:
    """A two-frame animation (GIF or APNG) with a stroke in each frame."""
    frames = [Image.new("L", (64, 64), 255) for _ in range(2)]
    for index, frame in enumerate(frames):
        frame.paste(0, (20 + 10 * index, 10, 30 + 10 * index, 54))
    buffer = io.BytesIO()
    frames[0].save(buffer, format=fmt, save_all=True, append_images=frames[1:], duration=100, loop=0)
    return buffer.getvalue()


def png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def draw_seven(
    size: int, box: tuple[int, int, int, int], width: int, ink="black", paper="white", mode="RGB"
) -> Image.Image:
    """A "7" drawn with a pen inside `box` (left, top, right, bottom) on a size×size canvas."""
    image = Image.new(mode, (size, size), paper)
    left, top, right, bottom = box
    pen = ImageDraw.Draw(image)
    pen.line([(left, top), (right, top), (left + (right - left) * 0.35, bottom)], fill=ink, width=width, joint="curve")
    return image


def similarity(a: Image.Image, b: Image.Image) -> float:
    """Correlation of two previews' pixels: 1.0 is identical."""
    return float(np.corrcoef(np.asarray(a, float).ravel(), np.asarray(b, float).ravel())[0, 1])


def data_url(data: bytes, mime: str = "image/png") -> str:
    return f"data:{mime};base64,{base64.b64encode(data).decode()}"


def media_files(root: Path) -> list[Path]:
    """Stored drawings (model checkpoints live under models/ and are not drawings)."""
    drawings = Path(root) / "drawings"
    return sorted(p for p in drawings.rglob("*") if p.is_file()) if drawings.exists() else []
