"""``python -m realdata``: the same as the ``realdata`` command."""

from realdata.cli import main

main()
