#!/usr/bin/env python3
"""Draws the phone app's icons (wwwroot/icons) from the brand colours of the navigation bar: a white "L" on the
navy-to-blue gradient with the yellow accent dot. Run once when the brand changes; the PNGs are committed."""
import math
import os
import struct
import zlib

NAVY, BLUE, ACCENT, WHITE = (0x1C, 0x2C, 0x5B), (0x2F, 0x5B, 0xD3), (0xFF, 0xD1, 0x66), (0xFF, 0xFF, 0xFF)
OUT = os.path.join(os.path.dirname(__file__), "..", "src", "LybuntCrm.Web", "wwwroot", "icons")


def png(path, size, pixels):
    raw = b"".join(b"\x00" + bytes(v for px in row for v in px) for row in pixels)
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0))
                + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def colour_at(x, y, rounded, scale):
    """The colour of a point in the unit square; scale shrinks the glyph into a maskable icon's safe zone."""
    if rounded:
        r = 0.22
        cx, cy = min(max(x, r), 1 - r), min(max(y, r), 1 - r)
        if (x - cx) ** 2 + (y - cy) ** 2 > r * r:
            return None
    t = (x + y) / 2
    colour = tuple(round(a + (b - a) * t) for a, b in zip(NAVY, BLUE))
    gx, gy = 0.5 + (x - 0.5) / scale, 0.5 + (y - 0.5) / scale
    if 0.30 <= gx <= 0.43 and 0.22 <= gy <= 0.78 or 0.30 <= gx <= 0.70 and 0.65 <= gy <= 0.78:
        colour = WHITE
    if (gx - 0.64) ** 2 + (gy - 0.33) ** 2 <= 0.085 ** 2:
        colour = ACCENT
    return colour


def draw(size, rounded, scale, samples=4):
    rows = []
    for py in range(size):
        row = []
        for px in range(size):
            acc, hits = [0, 0, 0], 0
            for sy in range(samples):
                for sx in range(samples):
                    c = colour_at((px + (sx + 0.5) / samples) / size, (py + (sy + 0.5) / samples) / size, rounded, scale)
                    if c:
                        hits += 1
                        acc = [a + v for a, v in zip(acc, c)]
            n = samples * samples
            row.append((0, 0, 0, 0) if hits == 0 else tuple(round(a / hits) for a in acc) + (round(255 * hits / n),))
        rows.append(row)
    return rows


os.makedirs(OUT, exist_ok=True)
for size in (192, 512):
    png(os.path.join(OUT, f"icon-{size}.png"), size, draw(size, rounded=True, scale=1.0))
png(os.path.join(OUT, "icon-maskable-512.png"), 512, draw(512, rounded=False, scale=0.8))
png(os.path.join(OUT, "apple-touch-icon.png"), 180, draw(180, rounded=False, scale=0.9))
