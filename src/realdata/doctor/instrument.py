"""Watch a training run without changing it: hooks that record what the rules need.

``Recorder.install()`` attaches, process-wide and reversibly:

* one global module forward *pre*-hook (torch's ``register_module_forward_pre_hook``):
  it spots each outermost model the first time it runs, looks at what goes into it,
  and puts ordinary forward hooks on just the layers the rules care about (dropout,
  batch norm, ReLU, hidden Linear layers);
* global optimizer step hooks: the step count, per-layer gradient norms on the
  first step, parameter snapshots, a few update sizes;
* thin wrappers around the loss functions (``torch.nn.functional``), ``DataLoader.__iter__``,
  ``Tensor.backward`` and the ``zero_grad`` methods, which count and summarise.

Where a crash happened is read from the traceback afterwards, so it costs nothing
while nothing crashes. Everything that costs more than a counter (batch statistics,
gradient norms) runs on the first ``DETAILED_FIRST`` steps and then on every
``SAMPLE_EVERY``-th one, so a watched run stays close to a plain run's speed.
"""

from __future__ import annotations

import math
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

import torch
import torch.nn.functional as F
from torch import nn
from torch.nn.modules.loss import _Loss
from torch.utils.data import DataLoader, Subset

SAMPLE_EVERY = 25  # detailed statistics on every 25th step after the first few
DETAILED_FIRST = 20  # ...and on each of the first 20


@dataclass
class LossCall:
    """One call of a loss function, summarised."""

    kind: str  # cross_entropy, nll, mse, l1, smooth_l1, bce, bce_logits
    training: bool  # autograd on (a training step) or off (evaluation)
    step: int  # optimizer steps taken before this call
    loader: int | None  # id of the DataLoader being iterated, if any
    epoch: int  # how many times that loader had been iterated
    value: float
    n: int
    correct: int | None = None  # CE/NLL: argmax(input, dim=1) == target
    pred_counts: list[int] | None = None
    target_counts: list[int] | None = None
    n_classes: int | None = None
    softmaxed: bool | None = None
    onehot_target: bool = False
    integer_target: bool = False
    target_mean: float | None = None
    target_fp: float | None = None
    summarised: bool = (
        False  # the statistics above were taken (every evaluation call, sampled training calls)
    )


@dataclass
class LoaderInfo:
    """A DataLoader the script iterated."""

    id: int
    dataset: Any
    sampler: str
    iterations: int = 0
    steps_during: int = 0  # optimizer steps taken while it was the current loader
    batches: int = 0


@dataclass
class Recorder:
    """Everything observed during a run (the rules read it afterwards)."""

    losses: list[LossCall] = field(default_factory=list)
    loaders: dict[int, LoaderInfo] = field(default_factory=dict)
    current_loader: int | None = None
    steps: int = 0
    backwards: int = 0
    zero_grads: int = 0
    optimizers: list[torch.optim.Optimizer] = field(default_factory=list)
    roots: dict[int, nn.Module] = field(default_factory=dict)  # outermost models seen
    names: dict[int, str] = field(default_factory=dict)  # module id -> qualified name
    param_names: dict[int, str] = field(default_factory=dict)  # parameter id -> name
    first_grad_norms: dict[str, float] | None = None
    grad_norm_samples: list[tuple[int, float]] = field(default_factory=list)
    update_ratios: list[float] = field(default_factory=list)
    start_params: dict[int, torch.Tensor] = field(default_factory=dict)
    input_stats: list[tuple[float, float, float]] = field(default_factory=list)  # mean, std, max|x|
    input_fps: list[float] = field(default_factory=list)  # fingerprint of the model input per training step
    train_mode_in_eval: Counter = field(
        default_factory=Counter
    )  # module type -> forwards in train mode w/o grad
    train_mode_by_loader: Counter = field(
        default_factory=Counter
    )  # loader id -> dropout/BN forwards in train mode
    dead_relu: dict[str, float] = field(default_factory=dict)  # module name -> latest dead fraction
    dead_linear: dict[str, float] = field(
        default_factory=dict
    )  # hidden Linear -> units <= 0 for a whole batch
    relu_modules: bool = False  # the models use nn.ReLU modules (then dead_linear is not needed)
    output_linears: set[int] = field(default_factory=set)  # the last Linear of each model: not hidden
    other_activations: bool = (
        False  # activation modules other than ReLU (then Linear outputs say nothing of ReLU)
    )
    crash_stack: list[tuple[str, nn.Module, list]] = field(default_factory=list)
    rule_errors: list[str] = field(default_factory=list)  # rules that failed to run (reported as notes)
    _forwards: int = 0
    _train_losses: int = 0
    _pre_step: dict[int, torch.Tensor] = field(default_factory=dict)
    _undo: list = field(default_factory=list)

    # ------------------------------------------------------------------ helpers

    def _detailed(self, k: int) -> bool:
        return k < DETAILED_FIRST or k % SAMPLE_EVERY == 0

    def _epoch(self) -> int:
        info = self.loaders.get(self.current_loader) if self.current_loader is not None else None
        return info.iterations if info else 0

    def _register_root(self, module: nn.Module) -> None:
        """A model seen for the first time: learn its names and watch the layers the rules care about."""
        self.roots[id(module)] = module
        linears = [m for m in module.modules() if isinstance(m, nn.Linear)]
        if linears:
            self.output_linears.add(id(linears[-1]))
        for name, sub in module.named_modules():
            if id(sub) in self.names and sub is not module:
                continue
            self.names[id(sub)] = name or type(module).__name__
            if isinstance(sub, nn.ReLU):
                self.relu_modules = True
            elif isinstance(
                sub, nn.Sigmoid | nn.Tanh | nn.GELU | nn.ELU | nn.LeakyReLU | nn.SiLU | nn.Softplus
            ):
                self.other_activations = True
            # Hooks on just these layers cost nothing elsewhere (a global hook would run on every module).
            if isinstance(sub, nn.Dropout | nn.modules.batchnorm._BatchNorm):
                self._undo.append(sub.register_forward_hook(self._mode_hook).remove)
            elif isinstance(sub, nn.ReLU) or (
                isinstance(sub, nn.Linear) and id(sub) not in self.output_linears
            ):
                self._undo.append(sub.register_forward_hook(self._activation_hook).remove)
        for name, p in module.named_parameters():
            self.param_names.setdefault(id(p), name)

    # ------------------------------------------------------------------ hooks

    def _forward_pre(self, module: nn.Module, args: tuple) -> None:
        """Runs before every module's forward: find the outermost models and look at what goes in."""
        if isinstance(module, _Loss):
            return  # a loss module is not a model; its calls are recorded by the loss wrappers
        if id(module) not in self.names:
            self._register_root(module)  # not part of any model seen so far: a new outermost model
        if id(module) not in self.roots:
            return
        x = args[0] if args and isinstance(args[0], torch.Tensor) else None
        if x is None or not torch.is_grad_enabled():
            return
        k = self._forwards
        self._forwards += 1
        if k == 0:
            for p in module.parameters():
                self.start_params.setdefault(id(p), p.detach().clone())
        if x.is_floating_point() and x.numel():
            flat = x.detach().reshape(-1)
            # a fingerprint of this batch: its sum (two different batches of real data never tie)
            self.input_fps.append(float(flat.sum()) + x.shape[0])
            if k < 5:
                self.input_stats.append((flat.mean().item(), flat.std().item(), flat.abs().max().item()))

    def _mode_hook(self, module: nn.Module, args: tuple, output: Any) -> None:
        """Dropout/batch norm in training mode: fine while training, a bug while evaluating."""
        if module.training:
            if not torch.is_grad_enabled():
                self.train_mode_in_eval[type(module).__name__] += 1
            if self.current_loader is not None:
                self.train_mode_by_loader[self.current_loader] += 1

    def _activation_hook(self, module: nn.Module, args: tuple, output: Any) -> None:
        """On sampled steps: the fraction of units that are zero (ReLU) or <= 0 (hidden Linear) for a whole batch."""
        if not (torch.is_grad_enabled() and isinstance(output, torch.Tensor) and output.dim() == 2):
            return
        if output.shape[0] < 16 or not self._detailed(self._forwards):
            return
        dead = (output.detach() <= 0).all(dim=0).float().mean().item()
        target = self.dead_relu if isinstance(module, nn.ReLU) else self.dead_linear
        target[self.names.get(id(module), type(module).__name__)] = dead

    def _step_pre(self, optimizer: torch.optim.Optimizer, args: tuple, kwargs: dict) -> None:
        if optimizer not in self.optimizers:
            self.optimizers.append(optimizer)
            for g in optimizer.param_groups:
                for p in g["params"]:
                    self.start_params.setdefault(id(p), p.detach().clone())
        k = self.steps
        detailed = self._detailed(k)
        if not detailed and not 2 <= k < 8:
            return  # most steps: nothing to do before the update
        params = [p for g in optimizer.param_groups for p in g["params"]]
        if detailed:
            norms = {}
            for i, p in enumerate(params):
                if p.grad is not None:
                    norms[self.param_names.get(id(p), f"param{i}")] = p.grad.detach().norm().item()
            if k == 0:
                self.first_grad_norms = norms
            total = math.sqrt(sum(v * v for v in norms.values())) if norms else 0.0
            self.grad_norm_samples.append((k, total))
        if 2 <= k < 8:
            self._pre_step = {id(p): p.detach().clone() for p in params}

    def _step_post(self, optimizer: torch.optim.Optimizer, args: tuple, kwargs: dict) -> None:
        if self._pre_step:
            num = den = 0.0
            for g in optimizer.param_groups:
                for p in g["params"]:
                    before = self._pre_step.get(id(p))
                    if before is not None:
                        num += (p.detach() - before).norm().item() ** 2
                        den += before.norm().item() ** 2
            if den > 0:
                self.update_ratios.append(math.sqrt(num) / math.sqrt(den))
            self._pre_step = {}
        self.steps += 1
        if self.current_loader is not None and self.current_loader in self.loaders:
            self.loaders[self.current_loader].steps_during += 1

    # ------------------------------------------------------------------ wrapped functions

    def _record_loss(self, kind: str, input: torch.Tensor, target: torch.Tensor, loss: torch.Tensor) -> None:
        training = torch.is_grad_enabled() and input.requires_grad
        try:
            value = loss.item() if loss.numel() == 1 else float(loss.detach().float().mean())
        except (RuntimeError, ValueError):
            value = math.nan
        call = LossCall(kind, training, self.steps, self.current_loader, self._epoch(), value, len(target))
        self.losses.append(call)
        if training:
            k = self._train_losses
            self._train_losses += 1
            if not self._detailed(k):
                return  # the loss value is enough on most training steps; statistics are sampled
        else:
            k = 0  # evaluation calls are fewer: summarise every one
        call.summarised = True
        if (
            kind in {"cross_entropy", "nll"}
            and input.dim() == 2
            and target.dim() == 1
            and not target.is_floating_point()
        ):
            with torch.no_grad():
                logits = input.detach()
                c = logits.shape[1]
                call.n_classes = c
                # one confusion matrix (a single bincount) gives accuracy and both class histograms
                cells = torch.bincount(logits.argmax(dim=1) * c + target.clamp(0, c - 1), minlength=c * c)
                matrix = cells.view(c, c)  # [predicted, true]
                call.correct = int(matrix.diagonal().sum())
                call.pred_counts = matrix.sum(dim=1).tolist()
                call.target_counts = matrix.sum(dim=0).tolist()
                call.target_fp = float(target.sum()) + len(target)
                if kind == "cross_entropy" and (self._detailed(k)):
                    rows = logits.sum(dim=1)
                    call.softmaxed = bool(
                        (logits >= 0).all()
                        and (logits <= 1).all()
                        and torch.allclose(rows, torch.ones_like(rows), atol=1e-3)
                    )
        elif kind in {"mse", "l1", "smooth_l1"}:
            with torch.no_grad():
                t = target.detach()
                call.target_mean = float(t.float().mean())
                call.target_fp = float(t.reshape(-1)[:64].float().sum()) + len(t)
                if t.dim() == 2 and t.shape[1] > 1 and input.shape == t.shape:
                    binary = bool(((t == 0) | (t == 1)).all())
                    call.onehot_target = binary and bool((t.sum(dim=1) == 1).all())
                if not t.is_floating_point() or (
                    t.dim() == 1 and input.dim() == 2 and input.shape[1] > 1 and bool((t == t.round()).all())
                ):
                    call.integer_target = True

    def _wrap_loss(self, name: str, kind: str) -> None:
        original = getattr(F, name)
        recorder = self

        def wrapped(input, target, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
            loss = original(input, target, *args, **kwargs)
            if isinstance(input, torch.Tensor) and isinstance(target, torch.Tensor):
                recorder._record_loss(kind, input, target, loss)
            return loss

        wrapped.__wrapped__ = original  # type: ignore[attr-defined]
        setattr(F, name, wrapped)
        self._undo.append(lambda: setattr(F, name, original))

    def _wrap_method(self, owner: type, name: str, before) -> None:  # noqa: ANN001
        original = getattr(owner, name)

        def wrapped(obj, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
            before(obj)
            return original(obj, *args, **kwargs)

        wrapped.__wrapped__ = original  # type: ignore[attr-defined]
        setattr(owner, name, wrapped)
        self._undo.append(lambda: setattr(owner, name, original))

    def _on_iter(self, loader: DataLoader) -> None:
        info = self.loaders.get(id(loader))
        if info is None:
            info = self.loaders[id(loader)] = LoaderInfo(
                id(loader), loader.dataset, type(loader.sampler).__name__
            )
        info.iterations += 1
        self.current_loader = id(loader)

    def _on_backward(self, _tensor: torch.Tensor) -> None:
        self.backwards += 1

    def _on_zero_grad(self, _obj: Any) -> None:
        self.zero_grads += 1

    # ------------------------------------------------------------------ install

    def install(self) -> Recorder:
        from torch.nn.modules.module import register_module_forward_pre_hook
        from torch.optim.optimizer import register_optimizer_step_post_hook, register_optimizer_step_pre_hook

        for handle in (
            register_module_forward_pre_hook(self._forward_pre),
            register_optimizer_step_pre_hook(self._step_pre),
            register_optimizer_step_post_hook(self._step_post),
        ):
            self._undo.append(handle.remove)
        for name, kind in (
            ("cross_entropy", "cross_entropy"),
            ("nll_loss", "nll"),
            ("mse_loss", "mse"),
            ("l1_loss", "l1"),
            ("smooth_l1_loss", "smooth_l1"),
            ("binary_cross_entropy", "bce"),
            ("binary_cross_entropy_with_logits", "bce_logits"),
        ):
            self._wrap_loss(name, kind)
        self._wrap_method(DataLoader, "__iter__", self._on_iter)
        self._wrap_method(torch.Tensor, "backward", self._on_backward)
        self._wrap_method(torch.optim.Optimizer, "zero_grad", self._on_zero_grad)
        self._wrap_method(nn.Module, "zero_grad", self._on_zero_grad)
        return self

    def uninstall(self) -> None:
        while self._undo:
            self._undo.pop()()

    def note_crash(self, exc: BaseException | None = None) -> None:
        """Find the layers whose forward was running when ``exc`` escaped (innermost last).

        Read from the traceback: each frame of a module's ``forward`` holds ``self``
        and its input, so locating a crash costs nothing while nothing crashes.
        """
        exc = exc if exc is not None else sys.exc_info()[1]
        chain: list[BaseException] = []
        while exc is not None and exc not in chain:  # tools such as torchinfo re-raise the original error
            chain.append(exc)
            exc = exc.__cause__ or exc.__context__
        for err in reversed(chain):  # the original error first: its traceback reaches into the layers
            stack = []
            tb = err.__traceback__
            while tb is not None:
                frame = tb.tb_frame
                module = frame.f_locals.get("self")
                if (
                    frame.f_code.co_name == "forward"
                    and isinstance(module, nn.Module)
                    and not isinstance(module, _Loss)
                ):
                    shapes = [
                        v.shape
                        for k, v in frame.f_locals.items()
                        if k != "self" and isinstance(v, torch.Tensor)
                    ]
                    stack.append(
                        (
                            self.names.get(id(module), type(module).__name__),
                            module,
                            [tuple(s) for s in shapes[:1]],
                        )
                    )
                tb = tb.tb_next
            if stack:
                self.crash_stack = stack
                return

    def __enter__(self) -> Recorder:
        return self.install()

    def __exit__(self, exc_type, exc, tb) -> None:  # noqa: ANN001
        if exc is not None:
            self.note_crash(exc)
        self.uninstall()

    # ------------------------------------------------------------------ views for the rules

    def training_losses(self) -> list[LossCall]:
        return [c for c in self.losses if c.training]

    def eval_losses(self) -> list[LossCall]:
        return [c for c in self.losses if not c.training]

    def train_loader_ids(self) -> set[int]:
        return {i for i, info in self.loaders.items() if info.steps_during > 0}

    def per_epoch(self, calls: list[LossCall]) -> list[dict[str, float]]:
        """Mean loss and accuracy per (loader, epoch), in order of appearance."""
        groups: dict[tuple, list[LossCall]] = defaultdict(list)
        for c in calls:
            groups[(c.loader, c.epoch)].append(c)
        out = []
        for calls_ in groups.values():
            n = sum(c.n for c in calls_)
            loss = sum(c.value * c.n for c in calls_) / n if n else math.nan
            accs = [c for c in calls_ if c.correct is not None]
            acc = sum(c.correct for c in accs) / sum(c.n for c in accs) if accs else None
            out.append({"loss": loss, "accuracy": acc, "n": n, "first_step": calls_[0].step})
        return out


def base_dataset(dataset: Any) -> Any:
    """The dataset under any Subset wrappers (so two subsets of one dataset are one dataset)."""
    while isinstance(dataset, Subset):
        dataset = dataset.dataset
    return dataset
