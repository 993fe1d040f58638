"""Hand-made hostile image files, shared by the ml and API tests."""

import io
import struct
import zlib

from PIL import Image


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
