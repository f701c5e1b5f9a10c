"""The exceptions realdata raises for problems a user can fix.

Each message says what was expected, what was found and what to do. The CLI
prints ``RealdataError`` messages as one line and exits non-zero; anything else
is a bug in realdata and keeps its traceback.
"""


class RealdataError(Exception):
    """Base class: a problem with the user's input, files or environment."""


class ConfigError(RealdataError):
    """A setting is out of range or inconsistent (``--epochs 0``, ``--limit`` too large)."""


class NotWritableError(RealdataError):
    """An output or data folder cannot be written."""


class DataError(RealdataError):
    """MNIST is missing, corrupt or could not be fetched from any source."""


class CheckpointError(RealdataError):
    """A checkpoint is unreadable or was made with different settings."""
