"""The exercise system: checks that understand PyTorch, tiered hints, saved progress.

In a notebook::

    from realdata.course import check, answer, reveal, hint, solution
"""

from realdata.course.notebook import answer, check, hint, reveal, solution

__all__ = ["answer", "check", "hint", "reveal", "solution"]
