#!/usr/bin/env python3
"""Checks that Python's safetensors reads the files Pushforward writes.

Usage: check_safetensors_interop.py DIR
DIR is filled by `swift test` when PUSHFORWARD_INTEROP_DIR=DIR is set
(test SafeTensorsTests.writesInteropFilesWhenAsked). Every .safetensors file in DIR is
loaded with safetensors.numpy.load_file, its `checksum` metadata (crc32 of the data
section) is checked with zlib; known files are also checked value by value.
Exits 1 with one line per problem.
"""
import math
import pathlib
import struct
import sys
import zlib

import numpy as np
from safetensors import safe_open
from safetensors.numpy import load_file


def check_checksum(path, metadata, problems):
    """Pops `checksum` (crc32:<hex> of the data section) and checks it with zlib."""
    recorded = metadata.pop("checksum", None)
    if recorded is None:
        problems.append(f"{path.name}: no checksum in __metadata__")
        return
    raw = path.read_bytes()
    (length,) = struct.unpack("<Q", raw[:8])
    computed = "crc32:%08x" % zlib.crc32(raw[8 + length:])
    if recorded != computed:
        problems.append(f"{path.name}: checksum {recorded} recorded, zlib computes {computed}")


def check_sample(tensors, metadata, problems):
    expected = {
        "a.weight": np.array([[1, -2, 3.5], [0.25, 5, 6]], dtype=np.float32),
        "b": np.array([math.pi, -1e-300], dtype=np.float64),
        "c": np.array([-2**63, 0, 2**63 - 1], dtype=np.int64),
        "d": np.array([[-1, 2]], dtype=np.int32),
        "e": np.array([0, 255, 7], dtype=np.uint8),
        "empty": np.zeros((0, 4), dtype=np.float32),
        "scalar": np.array(42, dtype=np.int64),
    }
    if set(tensors) != set(expected):
        problems.append(f"sample: keys {sorted(tensors)} != {sorted(expected)}")
    for name, want in expected.items():
        got = tensors.get(name)
        if got is None or got.dtype != want.dtype or got.shape != want.shape or not np.array_equal(got, want):
            problems.append(f"sample: tensor {name!r} is {got!r}, expected {want!r}")
    if metadata != {"format": "pt", "quote\"key": "line\nbreak \x01"}:
        problems.append(f"sample: metadata {metadata!r}")


def check_denoiser(tensors, metadata, problems):
    count = sum(t.size for t in tensors.values())
    if count != 1_702_432:
        problems.append(f"reference_denoiser: {count} parameters, expected 1702432")
    shapes = {"input.weight": (512, 42), "blocks.2.film.weight": (1024, 256), "output.bias": (32,)}
    for name, shape in shapes.items():
        if name not in tensors or tensors[name].shape != shape:
            problems.append(f"reference_denoiser: {name} missing or wrong shape")
    if not np.all(tensors["final_norm.weight"] == 1) or not all(t.dtype == np.float32 for t in tensors.values()):
        problems.append("reference_denoiser: unexpected values or dtypes")
    bound = 1 / math.sqrt(512)
    if np.abs(tensors["blocks.0.linear.weight"]).max() > bound:
        problems.append("reference_denoiser: linear weights exceed the PyTorch init bound")
    if metadata.get("seed") != "1":
        problems.append(f"reference_denoiser: metadata {metadata!r}")


def check_demonstrations(tensors, metadata, problems):
    obs, action, chunk, ends = tensors["obs"], tensors["action"], tensors["chunk"], tensors["episode_ends"]
    steps = obs.shape[0]
    if obs.dtype != np.float32 or action.dtype != np.float32 or ends.dtype != np.int64:
        problems.append("demonstrations: dtypes are not f32 / f32 / i64")
    if action.shape[0] != steps or chunk.shape[0] != steps or chunk.shape[2] != action.shape[1]:
        problems.append(f"demonstrations: shapes obs {obs.shape} action {action.shape} chunk {chunk.shape}")
    if ends[-1] != steps or np.any(np.diff(ends) <= 0):
        problems.append(f"demonstrations: episode_ends {ends} do not tile {steps} steps")
    if not np.array_equal(chunk[:, 0, :], action):
        problems.append("demonstrations: the executed action is not the first row of the chunk")
    if "scene" not in metadata or "expert" not in metadata:
        problems.append(f"demonstrations: metadata {metadata!r}")


def main():
    directory = pathlib.Path(sys.argv[1])
    files = sorted(directory.glob("*.safetensors"))
    problems = []
    if not files:
        problems.append(f"no .safetensors files in {directory}")
    checkers = {"sample": check_sample, "reference_denoiser": check_denoiser,
                "demonstrations": check_demonstrations}
    for path in files:
        try:
            tensors = load_file(str(path))
            with safe_open(str(path), framework="numpy") as handle:
                metadata = dict(handle.metadata() or {})
        except Exception as error:  # one line per unreadable file
            problems.append(f"{path.name}: {error}")
            continue
        check_checksum(path, metadata, problems)
        if path.stem in checkers:
            checkers[path.stem](tensors, metadata, problems)
        print(f"ok {path.name}: {len(tensors)} tensors")
    for problem in problems:
        print(f"error: {problem}", file=sys.stderr)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
