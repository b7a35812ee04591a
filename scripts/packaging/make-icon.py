#!/usr/bin/env python3
"""Draws build/icon.png (1024x1024): a rounded square with spectrum bars. electron-builder derives the
.ico and .icns from it. Pure numpy + zlib so it needs nothing beyond the test oracles' python."""
import struct, zlib, sys
import numpy as np

N = 1024
y, x = np.mgrid[0:N, 0:N].astype(np.float64)
img = np.zeros((N, N, 4), dtype=np.float64)
# rounded-square mask
r = 180.0
cx = np.clip(x, r, N - 1 - r); cy = np.clip(y, r, N - 1 - r)
inside = (x - cx) ** 2 + (y - cy) ** 2 <= r * r
t = y / N
bg = np.stack([0.09 + 0.10 * t, 0.10 + 0.05 * t, 0.22 + 0.20 * t], axis=-1)
img[..., :3] = bg
img[..., 3] = inside
# spectrum bars: heights from a fixed envelope (a "genre fingerprint")
heights = [0.35, 0.55, 0.78, 0.62, 0.88, 0.70, 0.50, 0.66, 0.42, 0.30]
bw = 64; gap = 20; left = (N - (len(heights) * bw + (len(heights) - 1) * gap)) // 2
base = 820
for i, h in enumerate(heights):
    x0 = left + i * (bw + gap); top = base - int(h * 600)
    m = (x >= x0) & (x < x0 + bw) & (y >= top) & (y < base) & inside
    frac = (y - top) / max(1, base - top)
    col = np.stack([0.98 - 0.5 * frac, 0.55 + 0.35 * frac, 0.25 + 0.6 * frac], axis=-1)
    img[m, :3] = col[m]
rgba = (np.clip(img, 0, 1) * 255).astype(np.uint8)
raw = b''.join(b'\x00' + rgba[row].tobytes() for row in range(N))

def chunk(tag, data):
    c = struct.pack('>I', len(data)) + tag + data
    return c + struct.pack('>I', zlib.crc32(tag + data) & 0xffffffff)

png = b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', N, N, 8, 6, 0, 0, 0)) \
    + chunk(b'IDAT', zlib.compress(raw, 9)) + chunk(b'IEND', b'')
open(sys.argv[1] if len(sys.argv) > 1 else 'build/icon.png', 'wb').write(png)
