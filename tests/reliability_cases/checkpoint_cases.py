"""Checkpoint reliability cases, written from the specification alone (issue 12).

They were written from the issue text and the public behaviour of the CLI only,
without reading the implementation or its tests.

Each case damages or replaces a valid checkpoint (OUT/checkpoints/simple.pt,
written by ``realdata run --limit 500 --epochs 1 --threads 1 --out OUT``) before
``realdata run --limit 500 --epochs 2 --threads 1 --resume --out OUT`` is run.

* ``expect == "refuse"``: exit status != 0, no "Traceback" anywhere in the output,
  and the error is one line that names the checkpoint file.
* ``expect == "resume"``: exit status 0 and training goes on from the checkpoint.

What the spec requires (issue 12, "What must be true", 1. Checkpoints):

* a checkpoint carries a format version and a checksum of its payload, verified
  before use;
* it is validated against its schema: keys, tensor shapes and dtypes, and the
  config it was written with;
* anything else is one line naming the file and what is wrong, with no traceback;
* stray temporary files are removed at the next save;
* no silent load of a damaged file (truncation, bit flips, zeroed ranges at many
  offsets, wrong types).

Cases that re-save an edited checkpoint with ``torch.save`` keep whatever wrapper
the file uses (they look for the dict that holds "model" and "optimizer", also
inside a bytes payload), so they keep working if the container changes; such a
file must be refused either by its checksum or by schema validation, whichever
comes first.  Damage is only ever put where it changes the stored payload (inside a
zip record's data, never in padding), so a loader that checks a checksum of its
payload cannot legitimately accept it.

Every mutate function is deterministic (seeded) and only uses the standard
library, plus torch where it has to write or read a torch file.  The three cases
that train a separate run in scratch_dir (``same_settings_other_run``,
``real_run_other_seed``, ``real_run_other_limit``) run the CLI found beside
sys.executable (about 7 s each); their files differ run to run only in the stored
timings.

``CASES`` is the main set; ``EXTRA_CASES`` holds more of the same kinds (more
offsets, more wrong keys and types) for a longer fuzz run.
"""

from __future__ import annotations

import gzip
import io
import os
import pickle
import pickletools
import random
import shutil
import struct
import subprocess
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass
class CheckpointCase:
    name: str
    mutate: Callable[[Path, Path], None]  # mutate(checkpoint_path, scratch_dir)
    expect: str  # "refuse" or "resume"
    why: str


# --------------------------------------------------------------------------- helpers


def _read(path: Path) -> bytes:
    return Path(path).read_bytes()


def _write(path: Path, data: bytes) -> None:
    Path(path).write_bytes(data)


def _changed(before: bytes, path: Path) -> None:
    """Assert that a damaging mutation really changed the file's bytes."""
    after = _read(path)
    if after == before:
        raise AssertionError(f"mutation left {path} unchanged")


def _records(data: bytes) -> list[tuple[str, int, int]]:
    """(name, offset of the record's data in the file, size) of each stored zip record.

    Empty when the bytes are not a zip archive (the container may change); offsets
    take any bytes before the archive into account.
    """
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        return []
    out = []
    for info in zf.infolist():
        off = info.header_offset
        if data[off : off + 4] != b"PK\x03\x04":
            continue
        name_len, extra_len = struct.unpack("<HH", data[off + 26 : off + 30])
        start = off + 30 + name_len + extra_len
        out.append((info.filename, start, info.compress_size))
    return out


def _data_records(data: bytes, min_size: int = 1) -> list[tuple[str, int, int]]:
    """The tensor storage records (".../data/N"), largest payload of the file."""
    return [r for r in _records(data) if "/data/" in r[0] and r[2] >= min_size]


def _pickle_record(data: bytes) -> tuple[int, int] | None:
    for name, start, size in _records(data):
        if name.endswith("data.pkl"):
            return start, size
    return None


def _payload_offset(data: bytes, frac: float, width: int = 1) -> int:
    """An offset near ``frac`` of the file such that [offset, offset+width) lies inside
    one zip record's data (payload, not headers or padding); plain fraction if the
    file is not a zip."""
    target = int(len(data) * frac)
    recs = [r for r in _records(data) if r[2] >= width]
    if not recs:
        return max(0, min(target, len(data) - width))
    for _, start, size in recs:
        if start <= target and target + width <= start + size:
            return target
    # nearest record that can hold the range
    _, start, size = min(recs, key=lambda r: min(abs(r[1] - target), abs(r[1] + r[2] - target)))
    return start + max(0, min(target - start, size - width))


def _flip_bit(path: Path, offset: int, bit: int) -> None:
    before = _read(path)
    buf = bytearray(before)
    buf[offset] ^= 1 << bit
    _write(path, bytes(buf))
    _changed(before, path)


def _zero_range(path: Path, offset: int, n: int) -> None:
    """Zero n bytes from offset; slide forward (inside the same record when the file is
    a zip) until the window holds at least one non-zero byte, so the file changes."""
    before = _read(path)
    buf = bytearray(before)
    limit = len(buf)
    for _, start, size in _records(before):
        if start <= offset < start + size:
            limit = start + size
            break
    off = offset
    while off + n <= limit and not any(buf[off : off + n]):
        off += n
    if off + n > limit:  # all zero to the end of the record: go back instead
        off = offset
        while off - n >= 0 and not any(buf[off : off + n]):
            off -= n
    buf[off : off + n] = bytes(n)
    _write(path, bytes(buf))
    _changed(before, path)


def _truncate(path: Path, size: int) -> None:
    before = _read(path)
    _write(path, before[:size])
    _changed(before, path)


def _torch():
    import torch  # only imported where a mutation needs it

    return torch


def _find_state(obj: Any) -> tuple[dict, Callable[[], Any]] | None:
    """Find the checkpoint dict (the one with "model" and "optimizer") inside obj.

    Returns (state, rebuild) where rebuild() gives the top-level object to save after
    state was edited in place; handles a bytes payload holding a torch file."""
    torch = _torch()
    if isinstance(obj, dict):
        if "model" in obj and "optimizer" in obj:
            return obj, lambda: obj
        for key, value in obj.items():
            found = _find_state(value)
            if found is not None:
                inner_state, inner_rebuild = found

                def rebuild(key=key, inner_rebuild=inner_rebuild):
                    obj[key] = inner_rebuild()
                    return obj

                return inner_state, rebuild
    elif isinstance(obj, (bytes, bytearray)):
        try:
            inner = torch.load(io.BytesIO(bytes(obj)), weights_only=True)
        except Exception:
            return None
        found = _find_state(inner)
        if found is not None:
            inner_state, inner_rebuild = found

            def rebuild_bytes(inner_rebuild=inner_rebuild):
                bio = io.BytesIO()
                torch.save(inner_rebuild(), bio)
                return bio.getvalue()

            return inner_state, rebuild_bytes
    return None


def _edit(path: Path, fn: Callable[[dict], None]) -> None:
    """Load the checkpoint, apply fn to its state dict, torch.save it back."""
    torch = _torch()
    before = _read(path)
    top = torch.load(io.BytesIO(before), weights_only=True)
    found = _find_state(top)
    if found is None:
        raise AssertionError(f"no checkpoint state (model + optimizer) found in {path}")
    state, rebuild = found
    fn(state)
    torch.save(rebuild(), str(path))
    _changed(before, path)


def _save(path: Path, obj: Any) -> None:
    _torch().save(obj, str(path))


def _cli() -> list[str]:
    exe = Path(sys.executable).with_name("realdata")
    if exe.exists():
        return [str(exe)]
    found = shutil.which("realdata")
    if found:
        return [found]
    return [sys.executable, "-m", "realdata"]


def _train_elsewhere(scratch: Path, tag: str, *extra: str) -> Path:
    """Train a separate run in scratch and return its simple.pt."""
    out = Path(scratch) / f"other-run-{tag}"
    if out.exists():
        shutil.rmtree(out)
    cmd = [*_cli(), "run", "--epochs", "1", "--threads", "1", "--out", str(out), *extra]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        raise AssertionError(f"{cmd} failed:\n{proc.stdout}\n{proc.stderr}")
    ckpt = out / "checkpoints" / "simple.pt"
    if not ckpt.is_file():
        raise AssertionError(f"{cmd} wrote no {ckpt}")
    return ckpt


def _scratch(scratch: Path) -> Path:
    scratch = Path(scratch)
    scratch.mkdir(parents=True, exist_ok=True)
    return scratch


# --------------------------------------------------------------------------- refuse: truncation


def _trunc_frac(frac: float) -> Callable[[Path, Path], None]:
    def mutate(path: Path, scratch: Path) -> None:
        _truncate(path, int(len(_read(path)) * frac))

    return mutate


def _trunc_one_byte(path: Path, scratch: Path) -> None:
    _truncate(path, 1)


def _trunc_magic_only(path: Path, scratch: Path) -> None:
    _truncate(path, 4)


def _trunc_last_byte(path: Path, scratch: Path) -> None:
    _truncate(path, len(_read(path)) - 1)


def _trunc_end_record(path: Path, scratch: Path) -> None:
    # drop the last 22 bytes: the zip end-of-central-directory record (or, for
    # another container, its tail)
    _truncate(path, len(_read(path)) - 22)


def _header_only(path: Path, scratch: Path) -> None:
    """Only the first local file header (name and extra field), none of its data."""
    data = _read(path)
    if data[:4] == b"PK\x03\x04":
        name_len, extra_len = struct.unpack("<HH", data[26:30])
        _truncate(path, 30 + name_len + extra_len)
    else:
        _truncate(path, 64)


def _trunc_after_pickle(path: Path, scratch: Path) -> None:
    """Cut right after the pickled dict: the tensors are all missing."""
    data = _read(path)
    rec = _pickle_record(data)
    _truncate(path, (rec[0] + rec[1]) if rec else len(data) // 100)


# --------------------------------------------------------------------------- refuse: bit flips


def _flip_at(frac: float, bit: int) -> Callable[[Path, Path], None]:
    def mutate(path: Path, scratch: Path) -> None:
        _flip_bit(path, _payload_offset(_read(path), frac), bit)

    return mutate


def _flip_seeded(seed: int) -> Callable[[Path, Path], None]:
    """One bit flipped at a seeded random position inside some record's payload."""

    def mutate(path: Path, scratch: Path) -> None:
        data = _read(path)
        rng = random.Random(seed)
        recs = _records(data)
        if recs:
            weights = [size for _, _, size in recs]
            _, start, size = rng.choices(recs, weights=weights)[0]
            offset = start + rng.randrange(size)
        else:
            offset = rng.randrange(len(data))
        _flip_bit(path, offset, rng.randrange(8))

    return mutate


def _flip_sign_of_weight(path: Path, scratch: Path) -> None:
    """Sign bit of one float32 in the first tensor storage (a model weight)."""
    data = _read(path)
    recs = _data_records(data, min_size=4096)
    if recs:
        _, start, size = recs[0]
        offset = start + (size // 3) // 4 * 4 + 3  # little-endian: byte 3 holds the sign
    else:
        offset = len(data) // 3
    _flip_bit(path, offset, 7)


def _flip_last_byte_of_largest(path: Path, scratch: Path) -> None:
    data = _read(path)
    recs = _data_records(data)
    if recs:
        _, start, size = max(recs, key=lambda r: (r[2], -r[1]))
        offset = start + size - 1
    else:
        offset = len(data) * 2 // 3
    _flip_bit(path, offset, 0)


def _pickle_ops(data: bytes):
    rec = _pickle_record(data)
    if rec is None:
        return None, []
    start, size = rec
    try:
        ops = list(pickletools.genops(data[start : start + size]))
    except Exception:
        ops = []
    return start, ops


def _flip_float_mantissa_in_pickle(path: Path, scratch: Path) -> None:
    """Lowest mantissa bit of one float in the pickled dict (a config value, a loss
    or an optimizer hyper-parameter): a change of about 1e-16, invisible to any
    tolerance-based comparison; only the checksum can see it."""
    data = _read(path)
    start, ops = _pickle_ops(data)
    floats = [pos for op, arg, pos in ops if op.name == "BINFLOAT"]
    if floats:
        pos = random.Random(7).choice(floats)
        _flip_bit(path, start + pos + 8, 0)  # BINFLOAT is big-endian: last byte = lowest bits
    else:
        _flip_bit(path, _payload_offset(data, 0.001), 0)


def _epoch_in_pickle_to_zero(path: Path, scratch: Path) -> None:
    """The stored epoch number (1) becomes 0 in the pickle: a resume would silently
    redo the first epoch on top of trained weights."""
    data = _read(path)
    start, ops = _pickle_ops(data)
    target = None
    for i, (_op, arg, _pos) in enumerate(ops):
        if arg == "epoch":
            for op2, arg2, pos2 in ops[i + 1 : i + 4]:
                if op2.name == "BININT1" and arg2 == 1:
                    target = start + pos2 + 1
                    break
        if target is not None:
            break
    if target is None:
        _flip_float_mantissa_in_pickle(path, scratch)
        return
    before = data
    buf = bytearray(data)
    buf[target] = 0
    _write(path, bytes(buf))
    _changed(before, path)


def _rename_key_in_pickle(path: Path, scratch: Path) -> None:
    """One letter of a key inside the pickle changes case ("train_loss" ->
    "Train_loss", or another key): the pickle still loads but a key is missing."""
    data = _read(path)
    rec = _pickle_record(data)
    region = (rec[0], rec[0] + rec[1]) if rec else (0, len(data))
    for key in (b"train_loss", b"weight_decay", b"optimizer", b"model"):
        at = data.find(key, *region)
        if at >= 0:
            _flip_bit(path, at, 5)  # ASCII lower -> upper case
            return
    _flip_bit(path, _payload_offset(data, 0.001), 5)


# --------------------------------------------------------------------------- refuse: zeroed ranges


def _zero_middle_64(path: Path, scratch: Path) -> None:
    """The issue's case: 64 bytes zeroed in the middle of the file (optimizer state)."""
    data = _read(path)
    _zero_range(path, len(data) // 2 - 32, 64)


def _zero_at(frac: float, n: int) -> Callable[[Path, Path], None]:
    def mutate(path: Path, scratch: Path) -> None:
        _zero_range(path, _payload_offset(_read(path), frac, n), n)

    return mutate


def _zero_rng_state(path: Path, scratch: Path) -> None:
    """8 bytes zeroed inside the last tensor storage (the random-number state)."""
    data = _read(path)
    recs = _data_records(data, min_size=64)
    if recs:
        _, start, size = recs[-1]
        _zero_range(path, start + size // 2, 8)
    else:
        _zero_range(path, len(data) - 4096, 8)


def _zero_pickle(path: Path, scratch: Path) -> None:
    data = _read(path)
    rec = _pickle_record(data)
    if rec:
        _zero_range(path, rec[0], rec[1])
    else:
        _zero_range(path, 0, 2048)


def _zero_central_directory(path: Path, scratch: Path) -> None:
    """The zip's central directory zeroed (the index of the records)."""
    data = _read(path)
    at = data.rfind(b"PK\x01\x02")
    if at < 0:
        _zero_range(path, len(data) - 512, 256)
        return
    first = data.find(b"PK\x01\x02", _records(data)[-1][1] if _records(data) else 0)
    first = first if first >= 0 else at
    _zero_range(path, first, min(256, len(data) - first))


def _swap_equal_storages(path: Path, scratch: Path) -> None:
    """Two tensor storages of the same size swap their bytes (e.g. Adam's exp_avg and
    exp_avg_sq of one weight): every key, shape and dtype is still right, the values
    are wrong; only the checksum can see it."""
    data = _read(path)
    recs = _data_records(data, min_size=1024)
    by_size: dict[int, list[tuple[str, int, int]]] = {}
    for rec in recs:
        by_size.setdefault(rec[2], []).append(rec)
    pairs = [v for v in by_size.values() if len(v) >= 2]
    buf = bytearray(data)
    if pairs:
        # the pair that really differs, largest first
        for group in sorted(pairs, key=lambda g: -g[0][2]):
            (_, a, size), (_, b, _) = group[-2], group[-1]  # in file order: the later pair
            if buf[a : a + size] != buf[b : b + size]:
                buf[a : a + size], buf[b : b + size] = buf[b : b + size], buf[a : a + size]
                break
    else:
        n = 4096
        a, b = int(len(data) * 0.4), int(len(data) * 0.6)
        buf[a : a + n], buf[b : b + n] = buf[b : b + n], buf[a : a + n]
    _write(path, bytes(buf))
    _changed(data, path)


# --------------------------------------------------------------------------- refuse: not a checkpoint


def _empty(path: Path, scratch: Path) -> None:
    _write(path, b"")


def _text(path: Path, scratch: Path) -> None:
    _write(path, b"this is not a checkpoint\nepoch=1\n")


def _nul_bytes(path: Path, scratch: Path) -> None:
    """As the same size of zeros (what some filesystems leave after a power cut)."""
    _write(path, bytes(len(_read(path))))


def _directory(path: Path, scratch: Path) -> None:
    Path(path).unlink()
    Path(path).mkdir()
    (Path(path) / "data.pkl").write_bytes(b"not here")


def _dangling_symlink(path: Path, scratch: Path) -> None:
    target = _scratch(scratch) / "gone.pt"
    if target.exists():
        target.unlink()
    Path(path).unlink()
    os.symlink(target, path)


def _plain_pickle(path: Path, scratch: Path) -> None:
    """A plain (non-torch) pickle of a dict that looks like a checkpoint."""
    _write(path, pickle.dumps({"format": "realdata-checkpoint/1", "epoch": 1, "model": {}}, protocol=2))


def _zip_not_torch(path: Path, scratch: Path) -> None:
    bio = io.BytesIO()
    with zipfile.ZipFile(bio, "w") as zf:
        zf.writestr("readme.txt", "a zip file, but not a torch checkpoint\n")
        zf.writestr("simple/data.txt", "1 2 3\n")
    _write(path, bio.getvalue())


def _gzip_of_checkpoint(path: Path, scratch: Path) -> None:
    data = _read(path)
    _write(path, gzip.compress(data, mtime=0))


def _torch_zip_with_code_pickle(path: Path, scratch: Path) -> None:
    """The valid archive with its data.pkl replaced by a pickle that calls os.mkdir
    (a code-execution route): it must be refused, and never run."""
    data = _read(path)
    marker = _scratch(scratch) / "PICKLE-CODE-RAN"
    payload = (
        b"\x80\x02cos\nmkdir\nq\x00X"
        + struct.pack("<I", len(str(marker).encode()))
        + str(marker).encode()
        + b"q\x01\x85q\x02Rq\x03."
    )
    src = zipfile.ZipFile(io.BytesIO(data))
    bio = io.BytesIO()
    with zipfile.ZipFile(bio, "w", compression=zipfile.ZIP_STORED) as out:
        for info in src.infolist():
            content = payload if info.filename.endswith("data.pkl") else src.read(info.filename)
            out.writestr(info.filename, content)
    _write(path, bio.getvalue())


def _torch_list(path: Path, scratch: Path) -> None:
    torch = _torch()
    _save(path, [torch.zeros(3), {"epoch": 1}, "simple"])


def _torch_tensor(path: Path, scratch: Path) -> None:
    _save(path, _torch().zeros(256, 784))


def _torch_empty_dict(path: Path, scratch: Path) -> None:
    _save(path, {})


def _bare_model_state_dict(path: Path, scratch: Path) -> None:
    """Only the model's weights (what `torch.save(model.state_dict())` writes)."""
    torch = _torch()
    top = torch.load(str(path), weights_only=True)
    state, _ = _find_state(top)
    _save(path, dict(state["model"]))


def _other_model(path: Path, scratch: Path) -> None:
    """improved.pt (a valid checkpoint of the other model) copied over simple.pt."""
    other = Path(path).with_name("improved.pt")
    before = _read(path)
    shutil.copyfile(other, path)
    _changed(before, path)


# --------------------------------------------------------------------------- refuse: schema


def _drop(key: str) -> Callable[[Path, Path], None]:
    def mutate(path: Path, scratch: Path) -> None:
        _edit(path, lambda s: s.pop(key))

    return mutate


def _drop_model_key(path: Path, scratch: Path) -> None:
    def fn(s):
        last = sorted(s["model"])[-1]
        del s["model"][last]

    _edit(path, fn)


def _extra_model_key(path: Path, scratch: Path) -> None:
    torch = _torch()

    def fn(s):
        s["model"]["net.7.weight"] = torch.zeros(10, 10)

    _edit(path, fn)


def _wrong_weight_shape(path: Path, scratch: Path) -> None:
    def fn(s):
        key = sorted(k for k, v in s["model"].items() if v.dim() == 2)[0]
        s["model"][key] = s["model"][key][:, :-1].clone()  # e.g. (256, 784) -> (256, 783)

    _edit(path, fn)


def _transposed_weight(path: Path, scratch: Path) -> None:
    def fn(s):
        key = sorted(k for k, v in s["model"].items() if v.dim() == 2)[-1]
        s["model"][key] = s["model"][key].t().contiguous()  # (10, 128) -> (128, 10)

    _edit(path, fn)


def _wrong_optimizer_shape(path: Path, scratch: Path) -> None:
    """Adam's exp_avg of one parameter with a wrong shape: torch's own
    Optimizer.load_state_dict does not check it, so the schema must."""

    def fn(s):
        st = s["optimizer"]["state"]
        key = sorted(st)[0]
        st[key]["exp_avg"] = st[key]["exp_avg"].reshape(-1)[:1000].clone()

    _edit(path, fn)


def _optimizer_state_emptied(path: Path, scratch: Path) -> None:
    """No Adam moments at all: loading it would silently restart Adam from zero."""

    def fn(s):
        s["optimizer"]["state"] = {}

    _edit(path, fn)


def _optimizer_param_groups_wrong(path: Path, scratch: Path) -> None:
    def fn(s):
        group = s["optimizer"]["param_groups"][0]
        group["params"] = list(group["params"])[:-1]

    _edit(path, fn)


def _model_float64(path: Path, scratch: Path) -> None:
    torch = _torch()

    def fn(s):
        s["model"] = {k: (v.to(torch.float64) if v.is_floating_point() else v) for k, v in s["model"].items()}

    _edit(path, fn)


def _optimizer_half(path: Path, scratch: Path) -> None:
    torch = _torch()

    def fn(s):
        for st in s["optimizer"]["state"].values():
            st["exp_avg_sq"] = st["exp_avg_sq"].to(torch.float16)

    _edit(path, fn)


def _rng_wrong_dtype(path: Path, scratch: Path) -> None:
    """A random-number state of the wrong dtype (int64 instead of uint8 bytes)."""
    torch = _torch()

    def fn(s):
        rng = s.get("rng")
        if isinstance(rng, dict) and rng:
            for k in list(rng):
                if isinstance(rng[k], torch.Tensor):
                    rng[k] = rng[k].to(torch.int64)
        else:
            s["rng"] = torch.zeros(5056, dtype=torch.int64)

    _edit(path, fn)


def _epoch_string(path: Path, scratch: Path) -> None:
    _edit(path, lambda s: s.__setitem__("epoch", "1"))


def _epoch_negative(path: Path, scratch: Path) -> None:
    _edit(path, lambda s: s.__setitem__("epoch", -1))


def _config_edit(**changes) -> Callable[[Path, Path], None]:
    def mutate(path: Path, scratch: Path) -> None:
        def fn(s):
            cfg = s["config"]
            for k, v in changes.items():
                if v is _DELETE:
                    cfg.pop(k)
                else:
                    cfg[k] = v

        _edit(path, fn)

    return mutate


_DELETE = object()


def _config_not_a_dict(path: Path, scratch: Path) -> None:
    _edit(path, lambda s: s.__setitem__("config", ["simple", 1, 64]))


def _future_format(path: Path, scratch: Path) -> None:
    """The format version set to one from the future (999)."""
    torch = _torch()
    before = _read(path)
    top = torch.load(io.BytesIO(before), weights_only=True)
    found = _find_state(top)
    state, rebuild = found
    hit = False
    for obj in (top, state):
        if not isinstance(obj, dict):
            continue
        for k in list(obj):
            if isinstance(k, str) and ("format" in k.lower() or "version" in k.lower()):
                v = obj[k]
                if isinstance(v, bool):
                    continue
                if isinstance(v, int):
                    obj[k] = 999
                elif isinstance(v, str):
                    head = v.rsplit("/", 1)[0] + "/" if "/" in v else ""
                    obj[k] = head + "999"
                else:
                    obj[k] = 999
                hit = True
    if not hit:
        state["format_version"] = 999
    torch.save(rebuild() if top is not state else state, str(path))
    _changed(before, path)


def _no_format(path: Path, scratch: Path) -> None:
    """Every format/version key removed (a file from before format versions)."""
    torch = _torch()
    before = _read(path)
    top = torch.load(io.BytesIO(before), weights_only=True)
    state, rebuild = _find_state(top)
    for obj in (top, state):
        if isinstance(obj, dict):
            for k in list(obj):
                if isinstance(k, str) and ("format" in k.lower() or "version" in k.lower()):
                    del obj[k]
    torch.save(rebuild() if top is not state else state, str(path))
    _changed(before, path)


# --------------------------------------------------------------------------- refuse: valid files of other settings


def _other_seed(path: Path, scratch: Path) -> None:
    """A valid checkpoint of a real run with --seed 1 (this run uses seed 0)."""
    other = _train_elsewhere(_scratch(scratch), "seed1", "--limit", "500", "--seed", "1")
    shutil.copyfile(other, path)


def _other_limit(path: Path, scratch: Path) -> None:
    """A valid checkpoint of a real run with --limit 600 (this run uses 500)."""
    other = _train_elsewhere(_scratch(scratch), "limit600", "--limit", "600")
    shutil.copyfile(other, path)


# --------------------------------------------------------------------------- resume: must be accepted


def _untouched(path: Path, scratch: Path) -> None:
    if not Path(path).is_file():
        raise AssertionError(f"no checkpoint at {path}")


def _copy_moved_in(path: Path, scratch: Path) -> None:
    """A byte-identical copy made elsewhere, the original deleted, the copy moved in
    (new inode, new ctime)."""
    data = _read(path)
    elsewhere = _scratch(scratch) / "copy-of-simple.pt"
    shutil.copyfile(path, elsewhere)
    Path(path).unlink()
    shutil.move(str(elsewhere), str(path))
    if _read(path) != data:
        raise AssertionError("copy differs")


def _mtime_old(path: Path, scratch: Path) -> None:
    os.utime(path, (946684800, 946684800))  # 2000-01-01


def _mtime_future(path: Path, scratch: Path) -> None:
    os.utime(path, (4102444800, 4102444800))  # 2100-01-01


def _stray_tmp_files(path: Path, scratch: Path) -> None:
    """Left-overs of interrupted saves beside the checkpoints: garbage, empty and a
    half-written copy, named like temporary files of simple.pt and improved.pt."""
    d = Path(path).parent
    data = _read(path)
    rng = random.Random(12)
    (d / ".simple.pt.k3j9x2qa.tmp").write_bytes(bytes(rng.randrange(256) for _ in range(4096)))
    (d / ".simple.pt.0a1b2c3d.tmp").write_bytes(b"")
    (d / ".simple.pt.zz81mm0p.tmp").write_bytes(data[: len(data) // 2])
    (d / ".improved.pt.q0w9e8r7.tmp").write_bytes(b"partial")
    (d / ".simple.pt.k3j9x2qa").write_bytes(b"no suffix")


def _same_settings_other_run(path: Path, scratch: Path) -> None:
    """A valid checkpoint from a separate run with the very same settings (not
    byte-identical: its timings differ)."""
    other = _train_elsewhere(_scratch(scratch), "same", "--limit", "500")
    shutil.copyfile(other, path)


def _read_only_file(path: Path, scratch: Path) -> None:
    os.chmod(path, 0o444)


def _symlink_to_valid_copy(path: Path, scratch: Path) -> None:
    target = _scratch(scratch) / "kept-simple.pt"
    shutil.copyfile(path, target)
    Path(path).unlink()
    os.symlink(target, path)


# --------------------------------------------------------------------------- the cases

_R, _OK = "refuse", "resume"

CASES: list[CheckpointCase] = [
    # -- accepted
    CheckpointCase(
        "untouched",
        _untouched,
        _OK,
        "a valid checkpoint from the same settings resumes (resume with more epochs is the normal case)",
    ),
    CheckpointCase(
        "copy_moved_in",
        _copy_moved_in,
        _OK,
        "a byte-identical copy is the same checkpoint: a checksum of the payload matches, whatever the inode or ctime",
    ),
    CheckpointCase(
        "mtime_year_2000",
        _mtime_old,
        _OK,
        "timestamps are not part of the payload; only content, format version, checksum, schema and config decide",
    ),
    CheckpointCase(
        "stray_tmp_files",
        _stray_tmp_files,
        _OK,
        "stray temporary files must not matter to a resume, and are removed at the next save (spec: 'Stray temporary files are removed at the next save')",
    ),
    CheckpointCase(
        "same_settings_other_run",
        _same_settings_other_run,
        _OK,
        "a valid checkpoint written with the same config by another run passes checksum, schema and config checks",
    ),
    CheckpointCase(
        "read_only_file",
        _read_only_file,
        _OK,
        "reading needs no write permission and the next save replaces the file atomically (temporary file + rename)",
    ),
    CheckpointCase(
        "symlink_to_valid_copy",
        _symlink_to_valid_copy,
        _OK,
        "a link to a byte-identical valid checkpoint holds a valid payload; nothing in the spec refuses links (judgement call)",
    ),
    # -- truncation
    CheckpointCase(
        "truncated_to_1_byte", _trunc_one_byte, _R, "truncation: one line naming the file, no traceback"
    ),
    CheckpointCase(
        "header_only", _header_only, _R, "a file with only its first header and no data is damaged"
    ),
    CheckpointCase(
        "truncated_after_pickle",
        _trunc_after_pickle,
        _R,
        "the dict is there but every tensor is missing: truncated",
    ),
    CheckpointCase("truncated_to_half", _trunc_frac(0.5), _R, "truncation at 50%"),
    CheckpointCase("truncated_last_byte", _trunc_last_byte, _R, "one byte short is still a truncated file"),
    # -- bit flips
    CheckpointCase(
        "bitflip_middle",
        _flip_at(0.5, 3),
        _R,
        "a bit flip in the middle (optimizer state) must fail the payload checksum, never resume silently",
    ),
    CheckpointCase(
        "bitflip_seeded_a", _flip_seeded(101), _R, "fuzz: a seeded random payload bit flip must be detected"
    ),
    CheckpointCase(
        "bitflip_weight_sign",
        _flip_sign_of_weight,
        _R,
        "one weight changes sign: shapes and dtypes fine, only the checksum sees it",
    ),
    CheckpointCase(
        "bitflip_float_in_pickle",
        _flip_float_mantissa_in_pickle,
        _R,
        "the lowest mantissa bit of a float in the pickled dict (~1e-16 change): the checksum must catch what a tolerant comparison would not",
    ),
    CheckpointCase(
        "epoch_zeroed_in_pickle",
        _epoch_in_pickle_to_zero,
        _R,
        "the stored epoch 1 becomes 0 in place: a silent resume would redo an epoch; checksum must catch it",
    ),
    CheckpointCase(
        "key_renamed_in_pickle",
        _rename_key_in_pickle,
        _R,
        "a key's letter changes case in place: the dict loads but a key is missing (checksum and schema)",
    ),
    # -- zeroed ranges
    CheckpointCase(
        "zeroed_64_middle",
        _zero_middle_64,
        _R,
        "the issue's case: 64 bytes zeroed in the middle once resumed silently with wrong optimizer state",
    ),
    CheckpointCase(
        "zeroed_4096_at_75pct", _zero_at(0.75, 4096), _R, "4 KiB zeroed (a lost page) must fail the checksum"
    ),
    CheckpointCase(
        "zeroed_rng_state",
        _zero_rng_state,
        _R,
        "8 bytes of the stored random-number state zeroed: silent different randomness unless the checksum catches it",
    ),
    CheckpointCase(
        "zeroed_central_directory",
        _zero_central_directory,
        _R,
        "the archive's index zeroed: damaged, one line",
    ),
    CheckpointCase(
        "swapped_equal_storages",
        _swap_equal_storages,
        _R,
        "two same-size tensors swap contents (exp_avg <-> exp_avg_sq): keys, shapes, dtypes right, values wrong; the checksum must catch it",
    ),
    # -- not a checkpoint at all
    CheckpointCase("empty_file", _empty, _R, "an empty file is one line naming it, no traceback"),
    CheckpointCase(
        "text_file", _text, _R, "the issue's case: a text file gave a traceback; must be one line"
    ),
    CheckpointCase(
        "directory_in_place",
        _directory,
        _R,
        "a directory where the checkpoint file should be: one line naming it",
    ),
    CheckpointCase(
        "dangling_symlink",
        _dangling_symlink,
        _R,
        "simple.pt is a link to a missing file: there is something at the path and it cannot be read; one line, not a traceback and not a fresh start",
    ),
    CheckpointCase("plain_pickle", _plain_pickle, _R, "a non-torch pickle is not a checkpoint"),
    CheckpointCase("zip_not_torch", _zip_not_torch, _R, "a zip that is not a torch file is not a checkpoint"),
    CheckpointCase(
        "pickle_calling_os_mkdir",
        _torch_zip_with_code_pickle,
        _R,
        "a torch archive whose pickle calls os.mkdir: the restricted loader refuses it in one line and never runs it",
    ),
    CheckpointCase("torch_list", _torch_list, _R, "a torch.save of a list has the wrong top-level type"),
    CheckpointCase(
        "bare_model_state_dict",
        _bare_model_state_dict,
        _R,
        "only model.state_dict() (no optimizer, config, epoch, rng, format, checksum)",
    ),
    CheckpointCase(
        "other_model_copied_over",
        _other_model,
        _R,
        "improved.pt copied over simple.pt: a valid file of the other model; its config/keys/shapes do not match",
    ),
    # -- schema: keys, shapes, dtypes
    CheckpointCase(
        "missing_optimizer",
        _drop("optimizer"),
        _R,
        "schema: a missing key is one line (the issue saw KeyError tracebacks)",
    ),
    CheckpointCase(
        "weight_wrong_shape",
        _wrong_weight_shape,
        _R,
        "schema: a tensor of the wrong shape (256x783 for 256x784)",
    ),
    CheckpointCase(
        "optimizer_moment_wrong_shape",
        _wrong_optimizer_shape,
        _R,
        "schema: Adam's exp_avg with a wrong shape (torch does not check it on load)",
    ),
    CheckpointCase(
        "optimizer_state_emptied",
        _optimizer_state_emptied,
        _R,
        "schema: no optimizer moments; a silent resume would restart Adam",
    ),
    CheckpointCase(
        "weights_float64", _model_float64, _R, "schema: tensor dtypes are checked (float64 for float32)"
    ),
    CheckpointCase(
        "rng_wrong_dtype", _rng_wrong_dtype, _R, "schema: a random-number state that is not bytes"
    ),
    CheckpointCase("epoch_is_string", _epoch_string, _R, "schema: epoch must be an integer"),
    CheckpointCase(
        "future_format_version",
        _future_format,
        _R,
        "a format version this code does not know is refused, not guessed at",
    ),
    # -- schema: the config it was written with
    CheckpointCase(
        "config_lr_other", _config_edit(lr=0.01), _R, "config from other settings (lr 0.01 for 0.001)"
    ),
    CheckpointCase(
        "config_batch_size_other",
        _config_edit(batch_size=128),
        _R,
        "batch size is compared on resume (and now reaches the loaders)",
    ),
    CheckpointCase(
        "real_run_other_seed",
        _other_seed,
        _R,
        "a valid checkpoint (right format, checksum, keys, shapes) written with --seed 1: config mismatch, one line",
    ),
]

# More of the same kinds (more offsets, more wrong types), for a longer fuzz run;
# each is as much a requirement as the cases above.
EXTRA_CASES: list[CheckpointCase] = [
    CheckpointCase(
        "mtime_year_2100",
        _mtime_future,
        _OK,
        "a future mtime (clock skew, copied files) changes nothing in the payload",
    ),
    CheckpointCase(
        "truncated_to_magic",
        _trunc_magic_only,
        _R,
        "only the 4-byte zip magic is left: truncated, must be refused in one line",
    ),
    CheckpointCase(
        "truncated_to_quarter", _trunc_frac(0.25), _R, "truncation at 25% (kill -9 style partial file)"
    ),
    CheckpointCase("truncated_to_99pct", _trunc_frac(0.99), _R, "truncation at 99%: the tail index is gone"),
    CheckpointCase(
        "truncated_end_record",
        _trunc_end_record,
        _R,
        "the last 22 bytes (the end-of-archive record) are missing",
    ),
    CheckpointCase(
        "bitflip_10pct",
        _flip_at(0.10, 6),
        _R,
        "a bit flip in a model weight's storage must fail the checksum",
    ),
    CheckpointCase(
        "bitflip_90pct",
        _flip_at(0.90, 1),
        _R,
        "a bit flip late in the file (optimizer moments) must fail the checksum",
    ),
    CheckpointCase(
        "bitflip_seeded_b", _flip_seeded(202), _R, "fuzz: a seeded random payload bit flip must be detected"
    ),
    CheckpointCase(
        "bitflip_seeded_c", _flip_seeded(303), _R, "fuzz: a seeded random payload bit flip must be detected"
    ),
    CheckpointCase(
        "bitflip_last_byte_of_largest_tensor",
        _flip_last_byte_of_largest,
        _R,
        "the last byte of a tensor storage changed: checksum must catch it",
    ),
    CheckpointCase(
        "zeroed_64_at_25pct",
        _zero_at(0.25, 64),
        _R,
        "64 zeroed bytes in a weight storage must fail the checksum",
    ),
    CheckpointCase("zeroed_pickle", _zero_pickle, _R, "the pickled dict zeroed: damaged, one line"),
    CheckpointCase("all_nul_bytes", _nul_bytes, _R, "a file of zeros (power cut) is damaged"),
    CheckpointCase(
        "gzip_of_checkpoint", _gzip_of_checkpoint, _R, "a gzip of a valid checkpoint is not a checkpoint file"
    ),
    CheckpointCase("torch_tensor", _torch_tensor, _R, "a torch.save of a bare tensor is not a checkpoint"),
    CheckpointCase("torch_empty_dict", _torch_empty_dict, _R, "a dict with none of the keys"),
    CheckpointCase(
        "missing_rng",
        _drop("rng"),
        _R,
        "schema: the random-number state is part of a checkpoint; missing it breaks exact resume",
    ),
    CheckpointCase(
        "missing_config",
        _drop("config"),
        _R,
        "schema: the config the checkpoint was written with must be there to be compared",
    ),
    CheckpointCase("missing_model_key", _drop_model_key, _R, "schema: a model weight is missing"),
    CheckpointCase("extra_model_key", _extra_model_key, _R, "schema: an unexpected weight key"),
    CheckpointCase(
        "weight_transposed", _transposed_weight, _R, "schema: same number of elements, transposed shape"
    ),
    CheckpointCase(
        "optimizer_param_groups_short",
        _optimizer_param_groups_wrong,
        _R,
        "schema: a parameter group lists one parameter too few",
    ),
    CheckpointCase("optimizer_float16", _optimizer_half, _R, "schema: optimizer moments of the wrong dtype"),
    CheckpointCase(
        "epoch_negative", _epoch_negative, _R, "schema: a negative epoch is not a valid checkpoint"
    ),
    CheckpointCase("config_not_a_dict", _config_not_a_dict, _R, "schema: the config has the wrong type"),
    CheckpointCase(
        "no_format_version", _no_format, _R, "a checkpoint carries a format version; one without is refused"
    ),
    CheckpointCase(
        "config_model_other",
        _config_edit(model="improved"),
        _R,
        "config names the other model while the weights are SimpleMLP's",
    ),
    CheckpointCase("config_missing_seed", _config_edit(seed=_DELETE), _R, "config lacks a field: schema"),
    CheckpointCase(
        "real_run_other_limit",
        _other_limit,
        _R,
        "a valid checkpoint written with --limit 600: the data differ, config mismatch, one line",
    ),
]
