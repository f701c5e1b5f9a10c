"""The training doctor: the lesson's 4-phase debugging checklist, run automatically.

* ``realdata doctor run SCRIPT`` runs any PyTorch training script under instruments;
* ``Doctor(model, train_loader, loss_fn, optimizer, test_loader)`` does the same in a notebook;
* ``log_gradient_norms`` and ``gradient_health`` are the lesson's own pulse check;
* every category is declared once, in ``rules/`` through ``registry.rule``.
"""

from realdata.doctor.api import Doctor
from realdata.doctor.findings import ADVICE, CATEGORIES, Finding, Report
from realdata.doctor.gradients import gradient_health, log_gradient_norms
from realdata.doctor.runner import run_script

__all__ = [
    "ADVICE",
    "CATEGORIES",
    "Doctor",
    "Finding",
    "Report",
    "gradient_health",
    "log_gradient_norms",
    "run_script",
]
