#!/usr/bin/env python3
"""Compares the live viewer's screenshot with the software renderer's frame of the same state.

Usage: compare_screenshots.py SCREENSHOT REFERENCE [--max-mean 1.5]

The reference is the scene square only; the screenshot is the whole window with the
scene square at its top left, so the screenshot is cropped to the reference's size.
Prints the mean absolute difference per channel (0-255) and the share of pixels that
differ by more than 64 in some channel; exits 1 when the mean is above --max-mean.
Reads 8-bit RGB PNGs (what Pushforward writes) with the standard library only.
"""
import argparse
import struct
import sys
import zlib


def read_png(path):
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        sys.exit(f"{path}: not a PNG file")
    pos, idat, header = 8, b"", None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    width, height, depth, color, _, _, interlace = header
    if depth != 8 or color != 2 or interlace != 0:
        sys.exit(f"{path}: expected 8-bit RGB without interlacing")
    raw = zlib.decompress(idat)
    stride = width * 3
    rows, previous, i = [], bytearray(stride), 0
    for _ in range(height):
        kind, line = raw[i], bytearray(raw[i + 1:i + 1 + stride])
        i += 1 + stride
        for x in range(stride):
            a = line[x - 3] if x >= 3 else 0
            b = previous[x]
            c = previous[x - 3] if x >= 3 else 0
            if kind == 1:
                line[x] = (line[x] + a) & 255
            elif kind == 2:
                line[x] = (line[x] + b) & 255
            elif kind == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        previous = line
    return width, height, rows


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("screenshot")
    parser.add_argument("reference")
    parser.add_argument("--max-mean", type=float, default=1.5)
    args = parser.parse_args()
    sw, sh, shot = read_png(args.screenshot)
    rw, rh, ref = read_png(args.reference)
    if sw < rw or sh < rh:
        sys.exit(f"screenshot {sw}x{sh} is smaller than the reference {rw}x{rh}")
    total, far = 0, 0
    for y in range(rh):
        a, b = shot[y][:rw * 3], ref[y]
        differences = [abs(p - q) for p, q in zip(a, b)]
        total += sum(differences)
        far += sum(1 for x in range(0, len(differences), 3) if max(differences[x:x + 3]) > 64)
    mean = total / (rw * rh * 3)
    print(f"{args.screenshot} vs {args.reference}: {rw}x{rh} pixels, mean absolute difference {mean:.3f} "
          f"(limit {args.max_mean}), {100 * far / (rw * rh):.3f}% of pixels differ by more than 64")
    sys.exit(0 if mean <= args.max_mean else 1)


if __name__ == "__main__":
    main()
