import numpy as np
import pytest

from realdata.data import idx


def test_roundtrip_keeps_shape_and_values():
    rng = np.random.default_rng(0)
    images = rng.integers(0, 256, size=(7, 28, 28), dtype=np.uint8)
    data = idx.encode(images)
    assert data[:4] == bytes([0, 0, 8, 3])  # ubyte, 3 dimensions
    assert len(data) == 4 + 3 * 4 + 7 * 28 * 28
    np.testing.assert_array_equal(idx.decode(data), images)


def test_labels_header_is_one_dimensional():
    data = idx.encode(np.arange(10, dtype=np.uint8))
    assert data[:8] == bytes([0, 0, 8, 1, 0, 0, 0, 10])


def test_truncated_payload_is_named():
    data = idx.encode(np.zeros((3, 28, 28), dtype=np.uint8))
    with pytest.raises(idx.IDXError, match=r"train-images.*truncated"):
        idx.decode(data[:-5], name="train-images")


def test_bad_magic_is_refused():
    with pytest.raises(idx.IDXError, match="bad magic"):
        idx.decode(b"\x1f\x8b\x08\x00" + bytes(16))  # a gzip file, not yet decompressed


def test_writer_refuses_other_dtypes():
    with pytest.raises(idx.IDXError, match="uint8"):
        idx.encode(np.zeros(3, dtype=np.float32))
