#!/usr/bin/env python3
"""Draws Folio's toolbar icons (a page with an "F") as PNGs, stdlib only.

Run from anywhere: python3 tools/make-icons.py. Writes extension/icons/icon-{16,32,48,96,128}.png.
The PNGs are committed; build.sh only copies them.
"""
import os
import struct
import zlib

SIZES = (16, 32, 48, 96, 128)
SS = 4  # supersampling per axis, for smooth edges

PAGE = (0x1F, 0x4E, 0x79)  # deep blue page
INK = (0xFF, 0xFF, 0xFF)   # white glyph


def inside_rounded(x, y, x0, y0, x1, y1, r):
    if not (x0 <= x <= x1 and y0 <= y <= y1):
        return False
    cx = min(max(x, x0 + r), x1 - r)
    cy = min(max(y, y0 + r), y1 - r)
    return (x - cx) ** 2 + (y - cy) ** 2 <= r * r


def shade(u, v):
    """Colour at unit coordinates (u, v) in [0, 1): None (transparent), PAGE or INK."""
    # The page: a rounded rectangle with a folded top-right corner.
    if not inside_rounded(u, v, 0.12, 0.04, 0.88, 0.96, 0.08):
        return None
    # Cut the top-right corner off along a diagonal (the folded corner).
    fold = 0.22
    if u - (0.88 - fold) > v - 0.04:
        return None
    # The "F": a stem and two bars.
    stem = 0.32 <= u <= 0.45 and 0.24 <= v <= 0.80
    top = 0.32 <= u <= 0.70 and 0.24 <= v <= 0.36
    mid = 0.32 <= u <= 0.62 and 0.47 <= v <= 0.58
    if stem or top or mid:
        return INK
    return PAGE


# The stores' icon (128 px): the artwork inside the central 96 x 96, 16 px left transparent on
# every side (Chrome Web Store's safe area); the toolbar sizes use the whole square.
SAFE_AREA = {128: 16}


def render(size):
    pad = SAFE_AREA.get(size, 0) / size
    scale = 1 - 2 * pad
    rows = []
    n = SS * SS
    for y in range(size):
        row = bytearray([0])  # filter type: none
        for x in range(size):
            r = g = b = a = 0
            for sy in range(SS):
                for sx in range(SS):
                    u = ((x + (sx + 0.5) / SS) / size - pad) / scale
                    v = ((y + (sy + 0.5) / SS) / size - pad) / scale
                    c = shade(u, v) if 0 <= u < 1 and 0 <= v < 1 else None
                    if c is not None:
                        r += c[0]
                        g += c[1]
                        b += c[2]
                        a += 1
            if a:
                row += bytes((r // a, g // a, b // a, 255 * a // n))
            else:
                row += b"\0\0\0\0"
        rows.append(bytes(row))
    return png(size, size, b"".join(rows))


def png(w, h, raw):
    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    ihdr = struct.pack(">IIBBBBB", w, h, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr)
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


if __name__ == "__main__":
    icons = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "extension", "icons")
    icons = os.path.normpath(icons)
    for s in SIZES:
        path = os.path.join(icons, f"icon-{s}.png")
        with open(path, "wb") as f:
            f.write(render(s))
        print(path)
