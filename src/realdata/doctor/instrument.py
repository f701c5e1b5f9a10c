"""Watch a training run without changing it: hooks that fill a ``Recording``.

``Recorder.install()`` attaches, process-wide and reversibly:

* a wrapper around ``nn.Module.__call__``. The first time a module runs, it decides
  whether the module is a model: a model owns trainable parameters (so a
  ``transforms.Normalize``, a metric or a loss module is not one); known parts of a
  model and non-models go straight on. The outermost model call is recorded: its
  input (statistics, per-sample fingerprints, the batch's labels), its output
  (predicted classes) and whether a gradient later flowed back into it: a hook on the
  output tensor for the first calls, then the backward of the loss taken from that
  very output, else a short walk of the autograd graph from the loss. That fact, not
  which loader ran last, tells a training call from an evaluation call;
* forward hooks on the model's dropout and batch-norm layers (their mode);
* wrappers around ``torch.autograd.backward`` (the training loss, gradients of every
  tensor the loss depends on, found by walking the autograd graph; leftover
  gradients from before the last update), around the loss functions of
  ``torch.nn.functional`` (which the ``nn`` loss modules call), and around
  ``DataLoader`` iteration (which batch, from which loader, with which labels);
* PyTorch's global optimizer step hooks (steps, update sizes).

Costly statistics run on the first ``DETAILED_FIRST`` backward passes and then on
every ``SAMPLE_EVERY``-th. If an instrument fails on something it did not expect,
it turns itself off, says so in the report, and the script goes on unchanged.
"""

from __future__ import annotations

import math
import traceback
import weakref
from collections import deque
from collections.abc import Callable
from typing import Any

import torch
import torch.nn.functional as F
from torch import nn
from torch.nn.modules.loss import _Loss
from torch.utils.data import ConcatDataset, DataLoader, Subset
from torch.utils.data.dataloader import _BaseDataLoaderIter

from realdata.doctor.recording import (
    Crash,
    Forward,
    GradSample,
    LoaderInfo,
    LossCall,
    Param,
    Recording,
    RowBuffer,
    Rows,
    pack_keys,
)

SAMPLE_EVERY = 25  # detailed statistics on every 25th backward pass after the first few
DETAILED_FIRST = 20  # ...and on each of the first 20
CHECK_AT = (10, 30, 100, 300)  # the rules look at the recording after these backward passes,
CHECK_EVERY = 1000  # then every 1000 (and at the end of each pass over a loader)
PROBE_SAMPLES = 3000  # (input, label) pairs kept for the label-information probe
PROBE_FEATURES = 1024  # inputs wider than this are subsampled for the probe
ORDER_STEPS = 1000  # mean inputs of the first training batches are kept, to see whether data comes in order,
ORDER_SAMPLES = 12_800  # up to this many samples
ORDER_FEATURES = 256  # wider inputs are subsampled for it (a mean per feature, per batch)
VALUE_SAMPLE = 512  # values per tensor compared to tell whether it was updated through .data
MAX_GRAPH_NODES = 20_000  # autograd graphs bigger than this are not walked
LABEL_COPIES = 32  # the labels of this many calls are copied into the label block in one op
PENDING_MAX = 8  # model calls remembered until a backward pass says whether it trained them
PENDING_SEARCH = 256  # autograd nodes searched from the loss for them
MAX_TRAIN_KEYS = 2_000_000  # per-sample keys kept of the training data (16 MB)
FINGERPRINT_CALLS = 1000  # training calls whose batch is fingerprinted even when its keys are not kept

_LOSSES = (
    ("cross_entropy", "cross_entropy"),
    ("nll_loss", "nll"),
    ("mse_loss", "mse"),
    ("l1_loss", "l1"),
    ("smooth_l1_loss", "smooth_l1"),
    ("huber_loss", "huber"),
    ("binary_cross_entropy", "bce"),
    ("binary_cross_entropy_with_logits", "bce_logits"),
)
REGRESSION_LOSSES = {"mse", "l1", "smooth_l1", "huber"}

_ROOT, _PART, _OTHER = "model", "part", "other"


class StopScript(BaseException):  # noqa: N818 - like KeyboardInterrupt: a script's `except Exception` lets it through
    """Raised inside the script by ``--fast`` once every rule has its evidence."""


def first_tensor(obj: Any, depth: int = 0) -> torch.Tensor | None:
    """The main tensor of a model's input or output: itself, the first in a tuple/list, or a dict's logits."""
    if isinstance(obj, torch.Tensor):
        return obj
    if depth > 3:
        return None
    if isinstance(obj, dict):
        for key in ("logits", "out", "output", "outputs", "y_hat", "pred", "preds"):
            if isinstance(obj.get(key), torch.Tensor):
                return obj[key]
        obj = list(obj.values())
    if isinstance(obj, list | tuple):
        for item in obj:
            found = first_tensor(item, depth + 1)
            if found is not None:
                return found
    return None


def _labels_of(batch: Any) -> torch.Tensor | None:
    """The label tensor of a batch a loader handed out: (x, y, ...) or {"label": y}."""
    if isinstance(batch, dict):
        for key in ("label", "labels", "target", "targets", "y"):
            if isinstance(batch.get(key), torch.Tensor):
                return batch[key]
        return None
    if isinstance(batch, list | tuple) and len(batch) >= 2 and isinstance(batch[1], torch.Tensor):
        return batch[1]
    return None


def as_class_indices(y: torch.Tensor) -> torch.Tensor | None:
    """Labels as a 1-D int64 tensor of class indices, or None when they are not class labels."""
    if y.dtype == torch.int64 and y.dim() <= 1:
        return y if y.dim() == 1 else y.reshape(-1)  # the usual case, kept cheap: it runs on every batch
    if y.dim() > 1:
        if y.dim() == 2 and y.shape[1] == 1:
            y = y[:, 0]
        else:
            return None
    y = y.reshape(-1)
    if y.numel() == 0:
        return None
    if y.is_floating_point():
        if not bool(torch.isfinite(y).all()) or not bool((y == y.round()).all()):
            return None
        y = y.round()
    if y.dtype == torch.bool:
        y = y.long()
    if bool((y < 0).any()) or bool((y > 1000).any()):
        return None
    return y.long()


def _norms(tensors: list[torch.Tensor]) -> list[float]:
    """The L2 norm of each tensor, as floats: one fused kernel and one read instead of one of each per tensor."""
    if not tensors:
        return []
    try:
        norms = torch._foreach_norm(tensors)  # what torch.nn.utils.clip_grad_norm_ uses
    except (RuntimeError, TypeError):  # a mix it does not take (sparse gradients): one at a time
        norms = [t.float().norm() for t in tensors]
    return torch.stack(norms).tolist()  # stack promotes mixed float types


def _version(t: torch.Tensor) -> int:
    """A tensor's version counter (bumped by in-place edits); inference tensors have none."""
    try:
        return t._version
    except RuntimeError:  # "Inference tensors do not track version counter"
        return -1


def _vector_norm(t: torch.Tensor, ord: float = 2, dim: int | None = None) -> torch.Tensor:  # noqa: A002
    """``torch.linalg.vector_norm``, accumulated in float32 for half-precision tensors (float64 stays)."""
    dtype = torch.float32 if t.dtype in (torch.float16, torch.bfloat16) else None
    return torch.linalg.vector_norm(t, ord=ord, dim=dim, dtype=dtype)


def _differences(after: list[torch.Tensor], before: list[torch.Tensor]) -> list[torch.Tensor]:
    """before - after, written into ``before`` (copies made for this): no new memory on the step."""
    try:
        torch._foreach_sub_(before, after)
    except (RuntimeError, TypeError):
        for a, b in zip(after, before, strict=True):
            b.sub_(a)
    return before


def _value_sample(p: torch.Tensor) -> torch.Tensor:
    """A copy of up to VALUE_SAMPLE values spread over the tensor."""
    flat = p.detach().reshape(-1)
    return flat[:: max(1, flat.numel() // VALUE_SAMPLE)].clone()


def base_dataset(dataset: Any) -> list[Any]:
    """The datasets under Subset/ConcatDataset wrappers."""
    if isinstance(dataset, Subset):
        return base_dataset(dataset.dataset)
    if isinstance(dataset, ConcatDataset):
        return [d for part in dataset.datasets for d in base_dataset(part)]
    return [dataset]


class Recorder:
    """Installs the instruments and fills ``self.recording``; a context manager."""

    def __init__(
        self, *, on_check: Callable[[Recorder], None] | None = None, script: str | None = None
    ) -> None:
        self.recording = Recording()
        self.on_check = on_check  # called at CHECK_AT / CHECK_EVERY backward passes and at each loader's end
        self.script = script  # the script's path, to name its line in a crash
        self._kinds: dict[
            int, tuple[str, weakref.ref]
        ] = {}  # module id -> (model, part or other; the module)
        self._names: dict[int, str] = {}  # module id -> name inside its model
        self._param_names: dict[int, str] = {}  # parameter id -> qualified name
        self._param_owner: dict[int, tuple[str, str]] = {}  # parameter id -> (layer name, "weight"/"bias")
        self._models: list[nn.Module] = []
        self._optimizers: list[torch.optim.Optimizer] = []
        self._depth = 0  # model calls in progress (a model called inside another is a part of it)
        self._current: Forward | None = None
        self._last_out: torch.Tensor | None = None  # the latest model output (a second model may continue it)
        self._last: Forward | None = None
        self._called: set[int] = set()  # modules that ran during the first training calls
        self._track_calls = 0
        self._batch_loader: int | None = None
        self._batch_labels: torch.Tensor | None = None
        self._batch_input: torch.Tensor | None = (
            None  # a batch's first tensor: a model call on it starts anew
        )
        self._projections: dict[int, torch.Tensor] = {}
        self._leaves: list[torch.Tensor] = []  # tensors the training loss depends on (from the graph)
        self._depths: dict[int, int] = {}
        self._start: dict[int, torch.Tensor] = {}  # their values at the first backward pass
        self._versions: dict[int, int] = {}  # leaf id -> its version after the last backward
        self._sums: dict[int, torch.Tensor] = {}  # leaf id -> a sample of its values then
        self._bumped: dict[
            int, weakref.ref
        ] = {}  # leaves seen updated with a version bump (no samples needed)
        self._pre_step: tuple[list, list] | None = None  # (parameters, their copies) before a sampled step
        self._probe_fps: set[float] = set()
        self._key_rows = RowBuffer(2)  # the per-sample projections of training inputs
        self._label_rows = RowBuffer(None, torch.int64)  # the class indices of the calls
        self._copied: tuple[torch.Tensor, int] | None = None  # the labels copied last, and their version
        self._label_wait: list[tuple[torch.Tensor, int, Rows, Forward]] = []  # labels not yet copied
        self._defer_labels = True  # off once a script is seen editing labels in place
        self._mean_rows: RowBuffer | None = None  # mean inputs of the first training calls
        self._probe_buffer: torch.Tensor | None = None  # [PROBE_SAMPLES + a batch, d]: the probe's inputs
        self._last_loss_shapes: tuple | None = None
        self._disabled: set[str] = set()
        self._loaders: list[DataLoader] = []
        self._grad_calls = 0  # model calls with autograd on, counted up to 3
        self._grad_calls_all = 0
        self._train_loss_calls = 0
        self._grad_rows_checked = 0
        self._probe_size = 0
        # (the latest loss a loss function returned, its value, the model call whose very output it took):
        # backward() of that loss reuses the value (one read, not two) and marks the call trained with no
        # walk of the graph
        self._loss_of: tuple[weakref.ref, float, Forward | None] | None = None
        self._order_samples = 0
        self._train_keys_kept = 0
        self._hooked = 0  # model outputs given a gradient hook
        self._pending: list[tuple[Forward, Any]] = []  # (call, its output's grad_fn) awaiting a backward
        self._undo: list[Callable[[], None]] = []

    # ------------------------------------------------------------------ safety

    def _fail(self, what: str, err: BaseException) -> None:
        """An instrument met something it did not expect: turn it off, keep the script going."""
        if what not in self._disabled:
            self._disabled.add(what)
            self.recording.notes.append(
                f"the {what} instrument was turned off after an internal error ({type(err).__name__}: {err}); "
                "the rules that need it may be incomplete"
            )

    def _safe(self, what: str, fn: Callable, *args: Any) -> Any:
        if what in self._disabled:
            return None
        try:
            return fn(*args)
        except StopScript:
            raise
        except Exception as err:  # noqa: BLE001 - an instrument must never change what the script does
            self._fail(what, err)
            return None

    @staticmethod
    def _detailed(k: int) -> bool:
        return k < DETAILED_FIRST or k % SAMPLE_EVERY == 0

    # ------------------------------------------------------------------ models

    def _classify(self, module: nn.Module) -> str:
        if isinstance(module, _Loss):
            return _OTHER
        if not any(p.requires_grad for p in module.parameters()):
            return _OTHER  # transforms, metrics, frozen feature extractors: not the model being trained
        self._models.append(module)
        self.recording.models.append(type(module).__name__)
        for name, sub in module.named_modules():
            self._names.setdefault(id(sub), name or type(module).__name__)
            entry = self._kinds.get(id(sub))
            if sub is not module and (entry is None or entry[1]() is not sub):
                self._kinds[id(sub)] = (_PART, weakref.ref(sub))
            if isinstance(sub, nn.Dropout | nn.Dropout1d | nn.Dropout2d | nn.AlphaDropout) and sub.p == 0:
                continue
            if isinstance(sub, nn.modules.dropout._DropoutNd | nn.modules.batchnorm._BatchNorm):
                self.recording.mode_layers.append(f"{self._names[id(sub)]} ({type(sub).__name__})")
                self._undo.append(sub.register_forward_hook(self._mode_hook).remove)
            for attr, p in sub.named_parameters(recurse=False):
                self._param_owner.setdefault(id(p), (self._names[id(sub)], attr))
        for name, p in module.named_parameters():
            self._param_names.setdefault(id(p), name)
        return _ROOT  # its call ends in _model_post, from the Module.__call__ wrapper (see install)

    def _forward_pre(self, module: nn.Module, args: tuple) -> None:
        # keyed by id, checked through a weak reference: ids of freed modules are reused
        entry = self._kinds.get(id(module))
        if entry is not None and entry[1]() is module:
            kind = entry[0]
        else:
            kind = self._classify(module)
            self._kinds[id(module)] = (kind, weakref.ref(module))
        if kind != _ROOT:
            if self._track_calls and kind == _PART:
                self._called.add(id(module))
            return
        self._depth += 1
        if self._depth > 1:
            return  # a model called inside another model's forward is a part of it
        self._safe("model-input", self._on_model_input, module, args)

    def _continues(self, x: torch.Tensor | None) -> bool:
        """Is this input the previous model call's output (a body, then a separate head)?"""
        last = self._last_out
        if x is None or last is None:
            return False
        if x is last or x.grad_fn is not None:  # computed by autograd: not data from a loader
            return True
        try:
            return x.untyped_storage().data_ptr() == last.untyped_storage().data_ptr()  # a view of it
        except (RuntimeError, NotImplementedError):
            return False

    def _on_model_input(self, module: nn.Module, args: tuple) -> None:
        # This runs on every model call of every training step: each tensor op here costs 5-10 us there
        # (cold caches after the model's own kernels), so the work is the least that the rules need and
        # anything only a rule reads is left raw (Forward.fingerprint, Recording.train_key_set).
        rec = self.recording
        x = args[0] if args and isinstance(args[0], torch.Tensor) else first_tensor(args)
        if self._last is not None and x is not self._batch_input and self._continues(x):
            self._current = self._last  # one model call in two parts: the output that counts is the last
            return
        grad = torch.is_grad_enabled() and not torch.is_inference_mode_enabled()
        n = int(x.shape[0]) if x is not None and x.dim() >= 2 else 1
        loader = rec.loaders.get(self._batch_loader) if self._batch_loader is not None else None
        f = Forward(  # (seq, grad, n, loader, epoch, backwards_before, steps_before): positional, it runs often
            len(rec.forwards),
            grad,
            n,
            loader.id if loader else None,
            loader.passes if loader else 0,
            rec.backwards,
            rec.steps,
        )
        rec.forwards.append(f)
        self._current = self._last = f
        if grad:
            self._grad_calls_all += 1
        y = self._batch_labels
        if y is not None and (y.shape[0] if y.dim() else 1) == n:
            self._keep_labels(f, as_class_indices(y), loader=True)
        if grad and self._grad_calls < 3:
            self._grad_calls += 1
            self._track_calls = 1  # note which parts of the model run (for frozen layers)
        if x is None:
            return
        if x.requires_grad:
            x = x.detach()
        flat = x.reshape(n, -1) if x.dim() >= 2 else x.reshape(1, -1)
        floating = flat.is_floating_point()
        if not floating or flat.dtype != torch.float32:  # token ids, counts, doubles: still fingerprinted
            rec.float_inputs = rec.float_inputs and floating
            flat = flat.float()
        # every sample trained on is known once each loader has run through once: later passes repeat them
        keep = (loader is None or not loader.exhausted) and self._train_keys_kept < MAX_TRAIN_KEYS
        needed = (  # evaluation keys, training keys, or the batch fingerprint of the first calls
            not grad or keep or self._grad_calls_all <= FINGERPRINT_CALLS or self._probe_size < PROBE_SAMPLES
        )
        if needed:
            proj = self._projections.get(flat.shape[1])
            if proj is None:
                gen = torch.Generator().manual_seed(
                    2022
                )  # our own generator: the script's stream is untouched
                # [d, 2], kept as the transposed view of a [2, d] matrix: a contiguous [d, 2] one is a slow
                # shape for gemm (4x here), and taking .T on the step would cost three ops
                proj = torch.rand(2, flat.shape[1], generator=gen) * 1000
                proj = self._projections[flat.shape[1]] = proj.T
            # two random projections per sample (scaled by 1000); rounded when packed into keys, so that equal
            # samples get equal keys. Training and evaluation keys come from the same mm, bit for bit.
            if not grad:
                f.keys = tuple(pack_keys(torch.mm(flat, proj)))
                return
            # written straight into the recorder's key blocks: nothing new is allocated on the step
            if keep:
                rows = self._key_rows.take(n)
                torch.mm(flat, proj, out=rows.tensor())  # [n, 2]
                rec.pending_keys.append(
                    rows
                )  # packed into keys only if a rule asks (Recording.train_key_set)
                self._train_keys_kept += n
            else:  # only the batch fingerprint: the first and last sample
                ends = flat[:: max(n - 1, 1)]
                rows = self._key_rows.take(len(ends))
                torch.mm(ends, proj, out=rows.tensor())
            f.pairs = rows  # hashed into a batch fingerprint only if a rule asks (Forward.fingerprint)
        if len(rec.input_stats) < 5 and floating:
            rec.input_stats.append(
                (
                    float(flat.mean()),
                    float(flat.std()) if flat.numel() > 1 else 0.0,
                    float(flat.abs().max()),
                )
            )
        if self._probe_size < PROBE_SAMPLES:
            self._keep_for_probe(f, flat)  # its labels may only arrive with the loss call
        if len(rec.input_means) < ORDER_STEPS and self._order_samples < ORDER_SAMPLES:
            self._order_samples += n
            step = max(1, math.ceil(flat.shape[1] / ORDER_FEATURES))
            part = flat[:, ::step]
            if self._mean_rows is None or self._mean_rows.width != part.shape[1]:
                self._mean_rows = RowBuffer(part.shape[1], block=ORDER_STEPS)
            rows = self._mean_rows.take(1)
            # [1, d]: the sum, into the block like the keys; divided only when a rule reads it (torch.mean(out=)
            # is ten ops here, and dividing by a Python number four more)
            torch.sum(part, dim=0, keepdim=True, out=rows.tensor())
            rec.input_means.append((rows, n))

    def _keep_labels(self, f: Forward, labels: torch.Tensor | None, *, loader: bool = False) -> None:
        """Class indices of a call: copied into the recorder's label blocks, not kept as the script's tensor.

        Keeping each step's label tensor alive, like keeping any small tensor per step, fragments the heap
        (see RowBuffer). The labels of a loader's batch (``loader``: a new tensor each batch) are copied
        LABEL_COPIES calls at a time, in one op (each op on the step costs 10-20 us there), and before any
        rule reads them (``flush_labels``). Labels a loss call shows may be a buffer the script refills in
        place: they are copied at once. A waiting tensor changed anyway is caught by its version counter or
        by a newer batch at its address (its labels become unknown, never wrong), and from then on every
        copy is made at once.
        """
        if labels is None or labels.dim() != 1 or labels.dtype != torch.int64 or not labels.is_cpu:
            f.labels = labels  # (a copy of labels on a GPU would wait for the GPU every step)
            return
        rows = self._label_rows.take(labels.shape[0])
        f.label_rows = rows
        version = _version(labels)
        self._copied = (labels, version)  # an in-place edit before the loss call bumps the version
        if self._label_wait:
            last_rows = self._label_wait[-1][2]
            if rows.block is not last_rows.block or rows.start != last_rows.stop:
                self.flush_labels()  # the waiting rows and these are not adjacent: one cat cannot fill both
            else:
                # a waiting tensor edited in place, or a new batch in the memory of a waiting one (a buffer
                # refilled through numpy, which leaves no version bump): it changed before its copy. (The same
                # tensor again, unchanged, is a batch reused: same-batch-every-step.)
                ptr = labels.data_ptr()
                if any(
                    _version(t) != v or (t is not labels and t.data_ptr() == ptr)
                    for t, v, _, _ in self._label_wait[-2:]
                ):
                    self.flush_labels(overwritten=(ptr, labels))
        # (untyped_storage().is_shared(), not Tensor.is_shared(): that one builds a TypedStorage first, and
        # cost 40 us a step in place)
        if not (loader and self._defer_labels) or version < 0 or labels.untyped_storage().is_shared():
            # (an inference tensor has no version to guard a wait; a batch from DataLoader workers lives in
            # shared memory: holding 32 of them would hold 32 shared segments)
            rows.tensor().copy_(labels)
            return
        self._label_wait.append((labels, version, rows, f))
        if len(self._label_wait) >= LABEL_COPIES:
            self.flush_labels()

    def flush_labels(self, overwritten: tuple[int, torch.Tensor] | None = None) -> None:
        """Copy the labels still waiting into their rows: one ``torch.cat`` into adjacent rows.

        Labels changed since they were seen (a version bump, or their memory ``overwritten`` by a newer
        batch: its data pointer and tensor) are not copied: their calls' labels become unknown, and from
        then on every copy is made at once.
        """
        wait = self._label_wait
        if not wait:
            return
        try:
            stale = [
                _version(t) != v
                or (overwritten is not None and t is not overwritten[1] and t.data_ptr() == overwritten[0])
                for t, v, _, _ in wait
            ]
            if not any(stale):
                first, last = wait[0][2], wait[-1][2]
                torch.cat([t for t, _, _, _ in wait], out=first.block[first.start : last.stop])
                return
            self._defer_labels = False  # the script changes its label tensors in place: copy at once
            for (t, _, rows, f), changed in zip(wait, stale, strict=True):
                if not changed:
                    rows.tensor().copy_(t)
                elif f.label_rows is rows:
                    f.label_rows = None  # changed before it was copied: these labels are not known
        except Exception:
            for _, _, rows, f in wait:  # rows that may not have been written are never read as labels
                if f.label_rows is rows:
                    f.label_rows = None
            raise
        finally:
            self._label_wait = []

    def _keep_for_probe(self, f: Forward, flat: torch.Tensor) -> None:
        rec = self.recording
        fp = f.fingerprint()
        if self._probe_size >= PROBE_SAMPLES or fp in self._probe_fps:
            return
        if flat.shape[1] > PROBE_FEATURES:
            flat = flat[:, :: math.ceil(flat.shape[1] / PROBE_FEATURES)]
        width = flat.shape[1]
        if self._probe_buffer is None:
            # one block, taken once: 47 separate copies of 200 KB, kept while the script's own tensors
            # come and go, leave the heap so that the training step's memory faults in anew (see RowBuffer)
            self._probe_buffer = torch.empty(PROBE_SAMPLES, width)
        if width != self._probe_buffer.shape[1]:
            return  # another input shape (a second model)
        start = self._probe_size
        n = min(flat.shape[0], PROBE_SAMPLES - start)  # the last call may fill it with its first samples
        self._probe_fps.add(fp)
        self._probe_size += n
        rec.probe.append((self._probe_buffer[start : start + n].copy_(flat[:n]), f.seq))

    def _model_post(self, module: nn.Module, args: tuple, output: Any) -> None:
        self._depth = max(self._depth - 1, 0)
        if self._depth:
            return
        f = self._current
        self._current = None
        if self._track_calls:
            self._track_calls = 0
        if f is not None and output is not None:
            self._safe("model-output", self._on_model_output, f, output)

    def _on_model_output(self, f: Forward, output: Any) -> None:
        out = output if isinstance(output, torch.Tensor) else first_tensor(output)
        self._last_out = out
        if out is None:
            return
        k = self._grad_calls_all
        sampled = not f.grad or k < DETAILED_FIRST or k % SAMPLE_EVERY == 0
        if out.dim() == 2 and out.shape[0] == f.n and out.shape[1] > 1:
            f.out_dim = int(out.shape[1])
            if sampled:  # predictions: every evaluation call, sampled training calls
                f.preds = out.argmax(dim=1)  # (argmax records nothing for autograd: no detach needed)
        elif (out.dim() == 1 and out.shape[0] == f.n) or (out.dim() == 2 and out.shape[1] == 1):
            f.out_dim = 1
        elif out.dim() == 1 and f.n == 1 and out.shape[0] > 1:  # an unbatched sample: [C] logits
            f.out_dim = int(out.shape[0])
            f.preds = out.detach().argmax().reshape(1)
        if out.requires_grad and f.grad:
            if self._hooked < DETAILED_FIRST:  # the first calls: see the gradient itself (what loss made it)
                self._hooked += 1
                kept = out.detach()
                out.register_hook(lambda grad, f=f, kept=kept: self._output_grad(f, grad, kept))
            elif out.grad_fn is not None:  # later calls: only whether the next backward reaches the output
                self._pending.append((f, out.grad_fn))
                if len(self._pending) > PENDING_MAX:
                    del self._pending[:-PENDING_MAX]

    def _output_grad(self, f: Forward, grad: torch.Tensor, out: torch.Tensor | None) -> None:
        """The hook on an output's gradient. It runs inside the script's backward(): nothing may escape it."""
        f.trained = True  # a gradient reached this call's output: it was a training call
        self._safe("output-gradient", self._on_output_grad, f, grad, out)

    def _on_output_grad(self, f: Forward, grad: torch.Tensor, out: torch.Tensor | None) -> None:
        """What the gradient reaching a call's output tells: the targets of a squared error, and whether the
        loss took a softmax inside (rows summing to zero). Returns None: the gradient passes on.
        """
        if out is not None and f.labels is None:
            self._safe("targets", self._squared_error_targets, f, grad.detach(), out)
        if self._grad_rows_checked < DETAILED_FIRST and grad.dim() == 2 and grad.shape[1] > 1:
            # a loss on class scores (softmax inside, as in cross-entropy) gives each row a gradient summing
            # to zero; a regression loss on the outputs (MSE against one-hot rows) does not
            self._grad_rows_checked += 1
            g = grad.detach()
            scale = float(g.abs().sum(dim=1).max())
            f.zero_sum_grad = scale == 0 or float(g.sum(dim=1).abs().max()) <= 1e-4 * scale

    def _squared_error_targets(self, f: Forward, grad: torch.Tensor, out: torch.Tensor) -> None:
        """A hand-written loss shows no targets; a squared error gives them away: grad = 2 (out - y) / N.

        If out - grad * N / 2 (N = the elements averaged over, or 1 for a sum) is a set of class indices
        or one-hot rows, those were the targets.
        """
        if grad.shape != out.shape or out.numel() == 0:
            return
        for n in (out.numel(), 1):
            y = out - grad * (n / 2)
            r = y.round()
            if not bool(((y - r).abs() <= 1e-3).all()) or bool((r < 0).any()):
                continue
            if out.dim() == 2 and out.shape[1] > 1:
                if bool(((r == 0) | (r == 1)).all()) and bool((r.sum(dim=1) == 1).all()):
                    f.labels = r.argmax(dim=1)
            elif out.numel() == f.n:
                f.labels = r.reshape(-1).long()
            return

    def _mode_hook(self, module: nn.Module, args: tuple, output: Any) -> None:
        if module.training and self._last is not None and self._depth:
            self._last.train_mode_layers.add(self._names.get(id(module), type(module).__name__))

    # ------------------------------------------------------------------ losses

    def _wrap_loss(self, name: str, kind: str) -> None:
        original = getattr(F, name)
        recorder = self

        def wrapped(input, target, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
            if isinstance(input, torch.Tensor) and isinstance(target, torch.Tensor):
                recorder._last_loss_shapes = (kind, tuple(input.shape), tuple(target.shape))
            loss = original(input, target, *args, **kwargs)
            if isinstance(input, torch.Tensor) and isinstance(target, torch.Tensor):
                recorder._safe("loss", recorder._on_loss, kind, input, target, loss)
            return loss

        wrapped.__wrapped__ = original  # type: ignore[attr-defined]
        setattr(F, name, wrapped)
        self._undo.append(lambda: setattr(F, name, original))

    def _on_loss(self, kind: str, input: torch.Tensor, target: torch.Tensor, loss: torch.Tensor) -> None:
        rec = self.recording
        self._last_loss_shapes = None
        grad = torch.is_grad_enabled() and input.requires_grad
        n = int(input.shape[0]) if input.dim() >= 1 else 1
        if loss.numel() == 1:
            value = loss.item()  # one read; float(loss.detach().float().mean()) costs three ops more
        else:
            value = float(loss.detach().float().mean()) if loss.numel() else math.nan
        if grad:
            self._train_loss_calls += 1
        k = self._train_loss_calls - 1 if grad else 0
        record = not grad or self._detailed(k)  # every evaluation call; training calls are sampled
        call = LossCall(kind, grad, value, n) if record else None
        if call is not None:
            rec.losses.append(call)
        f = self._last
        if f is not None and f.loss_kind is None and (f.n == n or (f.n == 1 and input.dim() <= 1)):
            f.loss, f.loss_kind = value, kind  # the loss of the latest model call
        else:
            f = None
        trained = f if f is not None and grad and f.grad and input is self._last_out else None
        self._loss_of = (weakref.ref(loss), value, trained)
        # unsampled calls only compare and take argmax (no autograd record): detaching costs an op each
        x = input.detach() if record and input.requires_grad else input
        t = target.detach() if target.requires_grad else target
        if kind in {"cross_entropy", "nll"}:
            copied = self._copied
            if copied is not None and t is copied[0]:
                labels = t  # the labels the model call saw (as_class_indices kept them as they were)
            elif not t.is_floating_point():
                labels = as_class_indices(t)
            elif t.shape == x.shape and x.dim() == 2:
                labels = t.argmax(dim=1)  # class probabilities as targets
            else:
                labels = None
            if f is not None and labels is not None:
                if (
                    f.label_rows is None
                    or copied is None
                    or labels is not copied[0]
                    or _version(labels) != copied[1]
                ):
                    self._keep_labels(f, labels)  # else these very labels were copied at the model call
                sampled = not grad or self._detailed(self._grad_calls_all)
                if x.dim() == 2 and sampled and (f.preds is None or f.out_dim != x.shape[1]):
                    f.preds = x.argmax(dim=1)
                    f.out_dim = int(x.shape[1])
            if call is not None and x.dim() >= 1 and x.shape[-1] > 1 and x.numel():
                call.checked = True
                rows = (
                    x
                    if x.dim() == 2
                    else x.reshape(1, -1)
                    if x.dim() == 1
                    else x.movedim(1, -1).reshape(-1, x.shape[1])
                ).float()  # [N, C] class scores
                # the range decides first (one op): logits span both signs, so usually nothing more is needed
                low, high = (float(v) for v in torch.aminmax(rows))
                call.prob_rows = (
                    low >= 0 and high <= 1 and float((rows.sum(dim=1) - 1).abs().max()) <= 1e-3 + 1e-5
                )  # every row a probability vector: softmax was applied already
                call.logprob_rows = (
                    high <= 1e-6 and float(torch.logsumexp(rows, dim=1).abs().max()) <= 1e-3
                )  # every row sums to 1 after exp: log_softmax was applied already
        elif kind in {"bce", "bce_logits"}:
            labels = as_class_indices(t) if t.numel() == x.numel() else None
            if f is not None and labels is not None and bool((labels <= 1).all()) and x.numel() == n:
                self._keep_labels(f, labels)
                f.preds = (x.reshape(-1) > (0.0 if kind == "bce_logits" else 0.5)).long()
                f.out_dim = 1
            if call is not None:
                call.checked = True
                call.unit_interval = bool((x >= 0).all() and (x <= 1).all())
        elif kind in REGRESSION_LOSSES:
            if call is not None:
                call.checked = True
                tf = t.float()
                call.target_mean = float(tf.mean()) if tf.numel() else None
                call.target_values = tuple(torch.unique(tf).tolist()[:65])
                if t.dim() == 2 and t.shape == x.shape and t.shape[1] > 1:
                    binary = bool(((t == 0) | (t == 1)).all())
                    call.onehot_targets = binary and bool((t.sum(dim=1) == 1).all())
                call.class_targets = call.onehot_targets or (
                    as_class_indices(t) is not None and len(call.target_values) <= 64
                )
            if f is not None:
                if (
                    t.dim() == 2
                    and t.shape == x.shape
                    and t.shape[1] > 1
                    and bool(((t == 0) | (t == 1)).all())
                ):
                    self._keep_labels(f, t.argmax(dim=1))
                    f.preds, f.out_dim = x.argmax(dim=1), int(x.shape[1])
                elif f.labels is None and x.numel() == n:
                    self._keep_labels(f, as_class_indices(t) if t.numel() == n else None)

    # ------------------------------------------------------------------ backward and optimizer

    def _wrap_backward(self) -> None:
        original = torch.autograd.backward
        recorder = self

        def wrapped(tensors, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
            k = recorder.recording.backwards
            loss = (
                tensors
                if isinstance(tensors, torch.Tensor)
                else (tensors[0] if isinstance(tensors, list | tuple) and tensors else None)
            )
            before = (
                recorder._safe("backward", recorder._before_backward, loss, k)
                if isinstance(loss, torch.Tensor)
                else None
            )
            result = original(tensors, *args, **kwargs)
            recorder.recording.backwards += 1
            if before is not None:
                recorder._safe("gradients", recorder._after_backward, before, k)
            if recorder._detailed(k + 1):  # only a detailed backward asks whether the leaves were updated
                recorder._safe("backward", recorder._remember_values, k + 1)
            done = recorder.recording.backwards
            if recorder.on_check is not None and (done in CHECK_AT or done % CHECK_EVERY == 0):
                recorder._safe("labels", recorder.flush_labels)
                recorder._safe("rules", recorder.on_check, recorder)
            return result

        wrapped.__wrapped__ = original  # type: ignore[attr-defined]
        torch.autograd.backward = wrapped
        self._undo.append(lambda: setattr(torch.autograd, "backward", original))

    def _before_backward(self, loss: torch.Tensor, k: int) -> dict | None:
        rec = self.recording
        known = self._loss_of
        if known is not None and known[0]() is not loss:
            known = None  # backward() of some other tensor (a sum of losses, a hand-written loss)
        pending = self._pending
        if pending:
            if len(pending) == 1 and known is not None and pending[0][0] is known[2]:
                pending.pop()[0].trained = True  # the loss of this call's own output: it is trained
            else:  # several calls wait (a cell called once per time step, evaluation with autograd on)
                self._mark_trained(loss)
        if loss.numel() == 1:
            value = known[1] if known is not None else float(loss.detach())
            rec.train_losses.append(value)
            f = self._last
            if f is not None and f.loss_kind is None and f.grad:
                f.loss, f.loss_kind = value, "custom"
        detailed = self._detailed(k)
        if detailed or not self._leaves:
            self._walk_graph(loss)
        stale = None  # judged only for tensors updated since the previous backward: accumulating is allowed
        if detailed and self._leaves and k > 0:
            updated = [p for p in self._leaves if self._was_updated(p)]
            if updated:
                stale = any(p.grad is not None and bool(p.grad.detach().any()) for p in updated)
        if not self._start and self._leaves:
            self._start = {id(p): p.detach().clone() for p in self._leaves}
        return {"stale": stale} if detailed else None

    def _mark_trained(self, loss: torch.Tensor) -> None:
        """Which recent model calls this loss was computed from: their outputs' nodes lie in its graph.

        The same fact a gradient hook on the output gives (a gradient will flow back into it), found by a
        short walk from the loss instead: a hook on every call costs more than the walk.
        """
        pending = {id(node): f for f, node in self._pending}
        self._pending = []
        stack, seen = ([loss.grad_fn] if loss.grad_fn is not None else []), 0
        while stack and pending and seen < PENDING_SEARCH:
            node = stack.pop()
            seen += 1
            f = pending.pop(id(node), None)
            if f is not None:
                f.trained = True
                continue  # what lies below a model output is the model itself
            stack.extend(nxt for nxt, _ in node.next_functions if nxt is not None)

    def _remember_values(self, next_k: int) -> None:
        """What the leaves look like after this backward, to tell at the next one whether they were updated."""
        if not self._detailed(next_k):
            return  # only a detailed backward asks whether the leaves were updated
        self._versions = {id(p): p._version for p in self._leaves}
        # in-place updates through .data do not bump the version: compare values too (a strided sample of
        # VALUE_SAMPLE of them: an update moves nearly every weight, and a copy of all of them costs 100 us),
        # for the tensors not yet seen updated the usual way (an optimizer's in-place step bumps it)
        self._sums = {id(p): _value_sample(p) for p in self._leaves if not self._seen_bumped(p)}

    def _seen_bumped(self, p: torch.Tensor) -> bool:
        ref = self._bumped.get(id(p))
        return ref is not None and ref() is p

    def _was_updated(self, p: torch.Tensor) -> bool:
        version = self._versions.get(id(p))
        if version is not None and p._version != version:
            self._bumped[id(p)] = weakref.ref(p)
            return True
        sample = self._sums.get(id(p))
        return sample is not None and not torch.equal(_value_sample(p), sample)

    def _walk_graph(self, loss: torch.Tensor) -> None:
        """The leaf tensors the loss depends on (what training updates), with their distance from the loss."""
        if loss.grad_fn is None:
            return
        seen: set[int] = set()
        leaves: dict[int, tuple[torch.Tensor, int]] = {}
        queue = deque([(loss.grad_fn, 0)])
        while queue and len(seen) < MAX_GRAPH_NODES:
            node, depth = queue.popleft()
            if node is None or id(node) in seen:
                continue
            seen.add(id(node))
            var = getattr(node, "variable", None)
            if isinstance(var, torch.Tensor):
                leaves.setdefault(id(var), (var, depth))
                continue
            for nxt, _ in node.next_functions:
                if nxt is not None:
                    queue.append((nxt, depth + 1))
        if leaves:
            ordered = sorted(leaves.values(), key=lambda vd: -vd[1])  # input side first
            self._leaves = [v for v, _ in ordered]
            self._depths = {id(v): d for v, d in ordered}

    def _name(self, p: torch.Tensor) -> str:
        name = self._param_names.get(id(p))
        if name:
            return name
        return f"tensor{list(p.shape)}"

    def _after_backward(self, before: dict, k: int) -> None:
        rec = self.recording
        with_grad = [p for p in self._leaves if p.grad is not None]
        names = [self._name(p) for p in with_grad]
        grads = [p.grad.detach() for p in with_grad]
        if all(g.layout == torch.strided and g.dtype in (torch.float32, torch.float64) for g in grads):
            parts = torch._foreach_norm(grads) if grads else []  # one fused kernel for every tensor
        else:  # sparse gradients (embeddings): the norm of the stored values; half precision: in float32
            parts = [_vector_norm(g.coalesce().values() if g.layout != torch.strided else g) for g in grads]
        values = torch.stack(parts).tolist() if parts else []  # one read for every tensor
        norms = dict(zip(names, values, strict=True))
        weights = [name for name, p in zip(names, with_grad, strict=True) if p.dim() >= 2]
        total = math.sqrt(sum(v * v for v in norms.values() if math.isfinite(v))) if norms else 0.0
        if any(not math.isfinite(v) for v in norms.values()):
            total = math.inf
        batch = self._last.n if self._last is not None else 0
        rec.grads.append(
            GradSample(k, rec.steps, batch, norms, weights, total, before["stale"], self._dead_units(batch))
        )

    def _dead_units(self, batch: int) -> dict[str, float]:
        """Hidden layers: the share of units whose weights and bias got exactly zero gradient from this batch.

        A ReLU unit that is off for every sample passes no gradient back to the
        weights that feed it. Blanked inputs zero the weight gradient but not the
        bias gradient, so both must be zero. The layer nearest the loss is the
        output layer and is left out.
        """
        if batch < 16 or not any(p.dim() >= 2 for p in self._leaves):
            return {}
        nearest = min(self._depths.get(id(p), 0) for p in self._leaves if p.dim() >= 2)
        layers: dict[str, dict[str, torch.Tensor]] = {}
        for p in self._leaves:
            owner = self._param_owner.get(id(p))
            if owner and p.grad is not None:
                layers.setdefault(owner[0], {})[owner[1]] = p
        names, counts, sizes = [], [], []
        for name, parts in layers.items():
            w, b = parts.get("weight"), parts.get("bias")
            if (
                w is None
                or w.dim() < 2
                or not w.numel()
                or w.grad.layout != torch.strided
                or self._depths.get(id(w)) == nearest
            ):
                continue
            g = w.grad.detach()
            # an L1 norm per row: a row of tiny gradients is not zero (squares of 1e-24 underflow)
            dead = _vector_norm(g.reshape(g.shape[0], -1), ord=1, dim=1) == 0  # [units]
            if b is not None and b.grad is not None and b.shape[0] == w.shape[0]:
                dead &= b.grad.detach() == 0
            names.append(name)
            counts.append(dead.sum())
            sizes.append(w.shape[0])
        if not names:
            return {}
        return {  # one read for all layers
            name: count / size
            for name, count, size in zip(names, torch.stack(counts).tolist(), sizes, strict=True)
        }

    def _step_pre(self, optimizer: torch.optim.Optimizer, args: tuple, kwargs: dict) -> None:
        rec = self.recording
        if optimizer not in self._optimizers:
            self._optimizers.append(optimizer)
            rec.optimizers.append(type(optimizer).__name__)
        k = rec.steps
        if 2 <= k < 8 or (k >= 8 and k % SAMPLE_EVERY == 0):
            params = [p for g in optimizer.param_groups for p in g["params"] if p.grad is not None]
            self._pre_step = (params, [p.detach().clone() for p in params])

    def _step_post(self, optimizer: torch.optim.Optimizer, args: tuple, kwargs: dict) -> None:
        rec = self.recording
        if self._pre_step is not None:
            params, before = self._pre_step
            self._pre_step = None
            if before:
                # |after - before| / |before| over all of them; the copies become the differences in place
                sizes = _norms(before)
                moved = _norms(_differences([p.detach() for p in params], before))
                num, den = sum(v * v for v in moved), sum(v * v for v in sizes)
                if den > 0 and math.isfinite(num):
                    rec.update_ratios.append(math.sqrt(num / den))
        rec.steps += 1

    # ------------------------------------------------------------------ data

    def _wrap_loaders(self) -> None:
        recorder = self
        original_iter = DataLoader.__iter__
        original_next = _BaseDataLoaderIter.__next__

        def loader_iter(loader):  # noqa: ANN001, ANN202
            it = original_iter(loader)
            recorder._safe("data", recorder._on_iter, loader, it)
            return it

        def loader_next(it):  # noqa: ANN001, ANN202
            try:
                batch = original_next(it)
            except StopIteration:
                recorder._safe("data", recorder._on_exhausted, it)
                raise
            recorder._safe("data", recorder._on_batch, it, batch)
            return batch

        DataLoader.__iter__ = loader_iter
        _BaseDataLoaderIter.__next__ = loader_next
        self._undo.append(lambda: setattr(DataLoader, "__iter__", original_iter))
        self._undo.append(lambda: setattr(_BaseDataLoaderIter, "__next__", original_next))

    def _on_iter(self, loader: DataLoader, it: Any) -> None:
        rec = self.recording
        info = rec.loaders.get(id(loader))
        if info is None:
            bases = base_dataset(loader.dataset)
            try:
                size = len(loader.dataset)
            except TypeError:
                size = None
            info = rec.loaders[id(loader)] = LoaderInfo(
                id(loader),
                type(bases[0]).__name__,
                size,
                loader.batch_size,
                type(loader.sampler).__name__,
                any(getattr(d, "train", None) is False for d in bases),
            )
            self._loaders.append(loader)  # held, so that its id stays unique while we key by it
        info.passes += 1
        it._realdata_loader = id(loader)

    def _on_batch(self, it: Any, batch: Any) -> None:
        self._batch_loader = getattr(it, "_realdata_loader", None)
        self._batch_labels = _labels_of(batch)
        first = batch[0] if isinstance(batch, list | tuple) and batch else None
        self._batch_input = first if isinstance(first, torch.Tensor) else None

    def _on_exhausted(self, it: Any) -> None:
        info = self.recording.loaders.get(getattr(it, "_realdata_loader", -1))
        if info is not None and self._batch_loader == info.id:
            info.exhausted += 1
            self._batch_loader = None
            self._batch_labels = None
            self._batch_input = None
            if self.on_check is not None:
                self._safe("labels", self.flush_labels)
                self._safe("rules", self.on_check, self)

    def _count_zero_grad(self, owner: type) -> None:
        original = owner.zero_grad
        recorder = self

        def wrapped(obj, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
            recorder.recording.zero_grads += 1
            return original(obj, *args, **kwargs)

        wrapped.__wrapped__ = original  # type: ignore[attr-defined]
        owner.zero_grad = wrapped
        self._undo.append(lambda: setattr(owner, "zero_grad", original))

    # ------------------------------------------------------------------ install

    def install(self) -> Recorder:
        from torch.optim.optimizer import register_optimizer_step_post_hook, register_optimizer_step_pre_hook

        def pre(module: nn.Module, args: tuple) -> None:
            try:
                self._forward_pre(module, args)
            except StopScript:
                raise
            except Exception as err:  # noqa: BLE001
                self._fail("model", err)

        def step_pre(opt, args, kwargs):  # noqa: ANN001, ANN202
            self._safe("optimizer", self._step_pre, opt, args, kwargs)

        def step_post(opt, args, kwargs):  # noqa: ANN001, ANN202
            self._safe("optimizer", self._step_post, opt, args, kwargs)

        def post(module: nn.Module, args: tuple, output: Any) -> None:
            try:
                self._model_post(module, args, output)
            except StopScript:
                raise
            except Exception as err:  # noqa: BLE001
                self._fail("model", err)

        # Every module call passes through here. A wrapper of Module.__call__, not global or per-model
        # hooks: a hook sends the module down torch's slow call path (a global one: every layer of every
        # model, about 25 us per forward of a small MLP), while the wrapper lets known parts of a model,
        # losses and transforms go straight on, and sees a model's call begin and end.
        original_call = nn.Module.__call__
        kinds = self._kinds

        def call(module, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
            entry = kinds.get(id(module))  # (kind, weak reference): ids of freed modules are reused
            if (
                entry is not None
                and entry[0] is not _ROOT
                and entry[1]() is module
                and not (self._track_calls and entry[0] is _PART)
            ):
                return original_call(module, *args, **kwargs)  # a known part of a model, or not a model
            pre(module, args)  # classifies a module seen for the first time
            entry = kinds.get(id(module))
            if entry is None or entry[0] is not _ROOT:
                return original_call(module, *args, **kwargs)
            try:
                output = original_call(module, *args, **kwargs)
            except BaseException:
                post(module, args, None)  # the call is over even when it raised
                raise
            post(module, args, output)
            return output

        call.__wrapped__ = original_call  # type: ignore[attr-defined]
        nn.Module.__call__ = call
        self._undo.append(lambda: setattr(nn.Module, "__call__", original_call))
        for handle in (
            register_optimizer_step_pre_hook(step_pre),
            register_optimizer_step_post_hook(step_post),
        ):
            self._undo.append(handle.remove)
        for name, kind in _LOSSES:
            self._wrap_loss(name, kind)
        self._wrap_backward()
        self._wrap_loaders()
        self._count_zero_grad(torch.optim.Optimizer)
        self._count_zero_grad(nn.Module)
        return self

    def uninstall(self) -> None:
        while self._undo:
            self._undo.pop()()
        self._safe("labels", self.flush_labels)

    def finish(self) -> Recording:
        """Settle the recording: the parameters' fate, and the script has ended."""
        self._safe("labels", self.flush_labels)
        self._safe("parameters", self.snapshot_params)
        self.recording.ended = True
        return self.recording

    def snapshot_params(self) -> None:
        """Compare every tensor training depends on (and every frozen one the model used) with its start."""
        rec = self.recording
        groups = {}
        for opt in self._optimizers:
            for g in opt.param_groups:
                for p in g["params"]:
                    groups[id(p)] = g.get("lr")
        out, seen = [], set()
        for p in self._leaves:
            start = self._start.get(id(p))
            if start is None or start.shape != p.shape:
                continue
            seen.add(id(p))
            changed = not torch.equal(p.detach(), start)
            got_grad = p.grad is not None and bool(p.grad.detach().any())
            in_opt = (id(p) in groups) if self._optimizers else None
            lr = groups.get(id(p))
            lr_value = (
                float(lr)
                if isinstance(lr, int | float)
                else (float(lr) if isinstance(lr, torch.Tensor) and lr.numel() == 1 else None)
            )
            out.append(
                Param(self._name(p), tuple(p.shape), p.requires_grad, in_opt, lr_value, changed, got_grad)
            )
        for model in self._models:
            for name, p in model.named_parameters():
                owner = self._param_owner.get(id(p))
                module_called = owner is not None and any(
                    self._names.get(i) == owner[0] for i in self._called
                )
                if (
                    id(p) in seen
                    or p.requires_grad
                    or not (module_called or owner and owner[0] == self._names.get(id(model)))
                ):
                    continue
                seen.add(id(p))
                out.append(
                    Param(
                        name,
                        tuple(p.shape),
                        False,
                        (id(p) in groups) if self._optimizers else None,
                        None,
                        False,
                        False,
                    )
                )
        rec.params = out

    def note_crash(self, exc: BaseException) -> None:
        """Where the script's exception happened: the layers whose forward was running, and the script's line."""
        chain: list[BaseException] = []
        err: BaseException | None = exc
        while err is not None and err not in chain:  # tools such as torchinfo wrap the original error
            chain.append(err)
            err = err.__cause__ or err.__context__
        root = chain[-1]  # the original error: a wrapper's message (torchinfo's, a script's own) says less
        crash = Crash(type(root).__name__, str(root), loss_shapes=self._last_loss_shapes)
        for e in reversed(chain):  # the original error first: its traceback reaches into the layers
            layers, line = [], ""
            for frame, lineno in traceback.walk_tb(e.__traceback__):
                module = frame.f_locals.get("self")
                if (
                    frame.f_code.co_name == "forward"
                    and isinstance(module, nn.Module)
                    and not isinstance(module, _Loss)
                ):
                    shapes = [
                        list(v.shape)
                        for k, v in frame.f_locals.items()
                        if k != "self" and isinstance(v, torch.Tensor)
                    ]
                    got = f" received input of shape {shapes[0]}" if shapes else ""
                    layers.append(f"'{self._names.get(id(module), type(module).__name__)}' ({module}){got}")
                if self._is_script_frame(frame.f_code.co_filename):
                    code = (
                        traceback.FrameSummary(frame.f_code.co_filename, lineno, frame.f_code.co_name).line
                        or ""
                    )
                    line = f"{frame.f_code.co_filename}:{lineno}: {code.strip()}"
            if layers or line:
                crash.layers, crash.line = layers, line
                if layers:
                    break
        self.recording.crash = crash

    def _is_script_frame(self, filename: str) -> bool:
        if self.script:
            return filename == self.script
        return not any(part in filename for part in ("site-packages", "/torch/", "/realdata/", "<frozen"))

    def __enter__(self) -> Recorder:
        return self.install()

    def __exit__(self, exc_type, exc, tb) -> None:  # noqa: ANN001
        if exc is not None and not isinstance(exc, StopScript):
            self.note_crash(exc)
        self.uninstall()
        self.finish()
