"""The diagnosis rules, by family; importing this package registers them (see ``registry.py``).

* ``data``: unnormalized-inputs, same-batch-every-step, unshuffled-sorted-data, label-mismatch
* ``outputs``: shape-mismatch, softmax-before-cross-entropy, wrong-loss-for-classification,
  class-prior-collapse, and the floor under them all, not-learning
* ``updates``: exploding-gradients, vanishing-gradients, learning-rate-too-low, missing-zero-grad,
  missing-optimizer-step, frozen-parameters, dead-relu
* ``generalisation``: missing-eval-mode, test-set-leak, overfitting
"""

from __future__ import annotations

from realdata.doctor.recording import Recording
from realdata.doctor.registry import RULES, Verdict, unchecked
from realdata.doctor.rules import data, generalisation, outputs, updates  # noqa: F401 - registers the rules

FLOOR = "not-learning"


def assess(rec: Recording) -> dict[str, Verdict]:
    """Every rule's verdict on the recording as it stands (a rule that fails is reported, never raised)."""
    verdicts = {}
    for category, r in RULES.items():
        try:
            verdicts[category] = r(rec)
        except Exception as err:  # noqa: BLE001 - a rule must never hide the script's own result
            verdicts[category] = unchecked(f"the rule failed: {type(err).__name__}: {err}")
    if any(v.state == "fire" for c, v in verdicts.items() if c != FLOOR):
        verdicts[FLOOR] = Verdict("clear")  # the floor only speaks when nothing else explains the run
    return verdicts


__all__ = ["FLOOR", "assess"]
