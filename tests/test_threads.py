import torch

from realdata.training import threads


def test_measured_choice_is_recorded_and_applied(monkeypatch):
    monkeypatch.setattr(threads.os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    monkeypatch.setattr(threads, "time_training_step", lambda n, **kw: {1: 2.0, 2: 1.9}[n])
    choice = threads.choose_threads()
    assert choice.threads == 1  # 2 threads were faster, but not 1.5x faster
    assert choice.ms_per_step == {"1": 2.0, "2": 1.9}
    assert torch.get_num_threads() == 1

    monkeypatch.setattr(threads, "time_training_step", lambda n, **kw: {1: 3.0, 2: 1.5}[n])
    try:
        choice = threads.choose_threads()
        assert choice.threads == 2 and "2.00x faster" in choice.reason
        assert torch.get_num_threads() == 2
    finally:
        torch.set_num_threads(1)


def test_real_timing_measures_something():
    assert threads.time_training_step(1, steps=3) > 0
    assert torch.get_num_threads() == 1  # restored
