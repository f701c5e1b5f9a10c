"""Read and write IDX files, the simple binary format MNIST is distributed in.

An IDX file is a 4-byte magic number, one big-endian int32 per dimension, then
the raw values in C order. The magic's third byte is the value type (0x08 is
unsigned byte, the only type MNIST uses) and the fourth byte is the number of
dimensions: 0x00000803 for an image file [N, 28, 28], 0x00000801 for labels [N].

torchvision reads these files itself (``datasets.MNIST``); we need our own
reader to verify what we write and our own writer to produce the originals
from another source, byte for byte.
"""

from __future__ import annotations

import struct
from pathlib import Path

import numpy as np

UBYTE = 0x08


class IDXError(ValueError):
    """An IDX file is malformed: wrong magic, wrong type, or wrong length."""


def encode(array: np.ndarray) -> bytes:
    """Return the IDX bytes of a uint8 array (any number of dimensions)."""
    if array.dtype != np.uint8:
        raise IDXError(f"IDX writer supports uint8 only, got {array.dtype}")
    header = struct.pack(">BBBB", 0, 0, UBYTE, array.ndim)
    header += struct.pack(f">{array.ndim}i", *array.shape)
    return header + np.ascontiguousarray(array).tobytes()


def decode(data: bytes, *, name: str = "IDX data") -> np.ndarray:
    """Parse IDX bytes into a uint8 array.

    Raises:
        IDXError: if the header is wrong or the payload is shorter or longer
            than the header says (a truncated download, for instance).
    """
    if len(data) < 4:
        raise IDXError(f"{name}: {len(data)} bytes is too short for an IDX header")
    zero1, zero2, dtype, ndim = struct.unpack(">BBBB", data[:4])
    if zero1 or zero2 or dtype != UBYTE or not 1 <= ndim <= 4:
        raise IDXError(f"{name}: bad magic number {data[:4].hex()} (expected 000008 + ndim)")
    header_len = 4 + 4 * ndim
    if len(data) < header_len:
        raise IDXError(f"{name}: header truncated at {len(data)} bytes")
    shape = struct.unpack(f">{ndim}i", data[4:header_len])
    expected = header_len + int(np.prod(shape))
    if len(data) != expected:
        raise IDXError(
            f"{name}: {len(data)} bytes, but its header {tuple(shape)} needs {expected}"
            " (the file is truncated or has extra bytes)"
        )
    return np.frombuffer(data, dtype=np.uint8, offset=header_len).reshape(shape)


def read(path: Path) -> np.ndarray:
    """Read an IDX file from disk (see ``decode``)."""
    path = Path(path)
    return decode(path.read_bytes(), name=path.name)
