"""Hostile command-line cases for `realdata`, written from the specification alone.

These cases were written from the text of issue 12 ("Reliability and one config:
every input checked, nothing lost, settings that take effect"), the README and the
CLI's own `--help` pages, without reading the implementation or its tests. They
state what the specification requires, not what the CLI does today: some of them
are expected to fail until the issue is fixed.

Each case is the argument list given after `realdata`. Placeholders:

- "{tmp}"       is replaced by a fresh, empty scratch folder (made for each case);
- "{busy_port}" is replaced by a TCP port that some other process is listening on.

Expectations:

- "error": the exit status is not 0, the output contains no "Traceback", and the
  error message is ONE line that says what is wrong (a click usage line before it
  is fine);
- "ok": the exit status is 0.

Every `realdata run` "error" case pins the cheap settings (`--limit 200 --epochs 1
--threads 1`) around the one bad value, so that it is cheap even where a check is
missing, and every one of them must fail before any training starts. The "ok" cases
each take well under 10 s.

Paths that must exist (a file where a folder is expected) use this module's own
file, and paths that cannot be written use /proc, so no case can overwrite anything
outside its scratch folder even when run as root. Standard library only.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass
class CliCase:
    name: str
    argv: list[str]  # arguments after `realdata`; "{tmp}" and "{busy_port}" are placeholders
    expect: str  # "error" or "ok" (see the module docstring)
    why: str


# A regular file that certainly exists (this module), for "a file where a folder is expected".
A_FILE = str(Path(__file__).resolve())
# A place nobody (not even root) can create a folder or file in.
UNWRITABLE = "/proc/realdata-no-such-dir"

HUGE = str(10**30)
I2_31 = str(2**31)
I2_63 = str(2**63)
I2_64 = str(2**64)
# The largest seed every seeding API in use accepts (numpy: 0 <= seed < 2**32).
MAX_SEED = str(2**32 - 1)

# The cheapest training run: 200 images, one epoch, one thread, no bars.
_RUN_BASE = {
    "--limit": "200",
    "--epochs": "1",
    "--threads": "1",
    "--out": "{tmp}/o",
}


def run_argv(*extra: str, **overrides: str) -> list[str]:
    """`run` with the cheap settings, one of them replaced (keyword: option name with
    underscores, e.g. epochs="0"), plus extra arguments."""
    opts = dict(_RUN_BASE)
    for key, value in overrides.items():
        opts["--" + key.replace("_", "-")] = value
    argv = ["run", "--no-progress"]
    for opt, value in opts.items():
        argv += [opt, value]
    return argv + list(extra)


def _e(name: str, argv: list[str], why: str) -> CliCase:
    return CliCase(name=name, argv=argv, expect="error", why=why)


def _ok(name: str, argv: list[str], why: str) -> CliCase:
    return CliCase(name=name, argv=argv, expect="ok", why=why)


CASES: list[CliCase] = [
    # ------------------------------------------------------------------ top level
    _e("top_unknown_command", ["bogus"], "an unknown command is a click usage error"),
    _e("top_unknown_option", ["--bogus"], "an unknown option is a click usage error"),
    # ------------------------------------------------------------------ run: --epochs
    _e("run_epochs_zero", run_argv(epochs="0"), "zero epochs trains nothing; the range starts at 1"),
    _e("run_epochs_negative", run_argv(epochs="-1"), "negative epochs are out of range"),
    _e(
        "run_epochs_huge_1e30",
        run_argv(epochs=HUGE),
        "issue 12: huge --epochs gave an OverflowError traceback; must be one line from click's range check",
    ),
    _e("run_epochs_2_63", run_argv(epochs=I2_63), "2**63 epochs does not fit an int64 and can never finish"),
    _e("run_epochs_2_64", run_argv(epochs=I2_64), "2**64 epochs is out of any sane range"),
    _e("run_epochs_float", run_argv(epochs="1.5"), "epochs is an integer"),
    _e("run_epochs_text", run_argv(epochs="abc"), "epochs is a number"),
    _e("run_epochs_nan", run_argv(epochs="nan"), "nan is not an integer"),
    # ------------------------------------------------------------------ run: --seed
    _e(
        "run_seed_huge_1e30",
        run_argv(seed=HUGE),
        "issue 12: a huge --seed gave an OverflowError/ValueError traceback; must be a click range error",
    ),
    _e("run_seed_2_64", run_argv(seed=I2_64), "2**64 does not fit the 64-bit seed of torch's generator"),
    _e(
        "run_seed_negative",
        run_argv(seed="-1"),
        "seeds are non-negative (numpy refuses negative seeds; torch reports them wrapped), so -1 is out of range",
    ),
    _e("run_seed_float", run_argv(seed="0.5"), "a seed is an integer"),
    _e("run_seed_text", run_argv(seed="abc"), "a seed is a number"),
    # ------------------------------------------------------------------ run: --threads
    _e("run_threads_zero", run_argv(threads="0"), "zero threads cannot run anything"),
    _e("run_threads_negative", run_argv(threads="-2"), "negative thread counts are out of range"),
    _e(
        "run_threads_huge_1e30",
        run_argv(threads=HUGE),
        "issue 12: huge --threads gave an OverflowError traceback; must be a click range error",
    ),
    _e("run_threads_2_63", run_argv(threads=I2_63), "2**63 threads overflows torch.set_num_threads"),
    _e(
        "run_threads_2_31",
        run_argv(threads=I2_31),
        "2**31 does not fit the C int torch.set_num_threads takes",
    ),
    _e("run_threads_float", run_argv(threads="1.5"), "threads is an integer"),
    _e("run_threads_text", run_argv(threads="many"), "threads is a number"),
    # ------------------------------------------------------------------ run: --limit
    _e("run_limit_zero", run_argv(limit="0"), "zero images cannot be trained on"),
    _e("run_limit_negative", run_argv(limit="-5"), "a negative image count is out of range"),
    _e(
        "run_limit_huge_1e30",
        run_argv(limit=HUGE),
        "a limit of 10**30 images is far beyond MNIST's 60,000 and beyond int64: a click range error",
    ),
    _e("run_limit_2_63", run_argv(limit=I2_63), "2**63 images does not fit an int64 index"),
    _e("run_limit_float", run_argv(limit="2.5"), "an image count is an integer"),
    _e("run_limit_text", run_argv(limit="all"), "an image count is a number"),
    # ------------------------------------------------------------------ run: --batch-size (issue 12 adds it)
    _e("run_batch_size_zero", run_argv(batch_size="0"), "a batch of zero images is out of range"),
    _e("run_batch_size_negative", run_argv(batch_size="-64"), "a negative batch size is out of range"),
    _e("run_batch_size_huge", run_argv(batch_size=HUGE), "a batch size of 10**30 is out of range"),
    _e("run_batch_size_float", run_argv(batch_size="32.5"), "a batch size is an integer"),
    _e("run_batch_size_text", run_argv(batch_size="big"), "a batch size is a number"),
    _e(
        "run_batch_size_one",
        run_argv(batch_size="1"),
        "ImprovedMLP's BatchNorm1d cannot train on one sample per batch; the range must refuse 1 rather than crash mid-run",
    ),
    # ------------------------------------------------------------------ run: --lr and --weight-decay (TrainConfig fields)
    _e("run_lr_zero", run_argv(lr="0"), "a learning rate of 0 never changes the weights"),
    _e("run_lr_negative", run_argv(lr="-0.001"), "a negative learning rate climbs the loss"),
    _e("run_lr_nan", run_argv(lr="nan"), "nan slips past a plain FloatRange and would make every weight nan"),
    _e("run_lr_inf", run_argv(lr="inf"), "an infinite learning rate is out of range"),
    _e("run_lr_huge", run_argv(lr="1e30"), "a learning rate of 1e30 is out of any sane range"),
    _e("run_lr_text", run_argv(lr="fast"), "a learning rate is a number"),
    _e("run_weight_decay_negative", run_argv(weight_decay="-0.1"), "a negative L2 penalty is out of range"),
    _e(
        "run_weight_decay_nan",
        run_argv(weight_decay="nan"),
        "nan is no penalty; it must be refused, not slip past the range",
    ),
    _e("run_weight_decay_inf", run_argv(weight_decay="inf"), "an infinite penalty is out of range"),
    _e("run_weight_decay_text", run_argv(weight_decay="some"), "weight decay is a number"),
    # ------------------------------------------------------------------ run: choices and paths
    _e("run_pipeline_unknown", run_argv(pipeline="turbo"), "--pipeline is fast or canonical"),
    _e(
        "run_out_is_file",
        run_argv(out=A_FILE),
        "--out names a folder; an existing file there must be refused in one line before training",
    ),
    _e(
        "run_out_unwritable",
        run_argv(out=UNWRITABLE),
        "an --out folder that cannot be created must be refused in one line before training",
    ),
    _e("run_data_root_is_file", run_argv(data_root=A_FILE), "a data root must be a folder, not a file"),
    _e("run_unknown_option", run_argv("--bogus"), "an unknown option is a click usage error"),
    _e("run_extra_argument", run_argv("extra"), "run takes no positional arguments"),
    # ------------------------------------------------------------------ init
    _e(
        "init_target_is_file", ["init", A_FILE], "a workspace is a folder; an existing file cannot become one"
    ),
    _e(
        "init_unwritable",
        ["init", UNWRITABLE],
        "a workspace that cannot be created must be one line, not a traceback",
    ),
    _e("init_two_directories", ["init", "{tmp}/a", "{tmp}/b"], "init takes one DIRECTORY"),
    # ------------------------------------------------------------------ open (checks come before JupyterLab)
    _e(
        "open_lesson_9",
        ["open", "9", "--workspace", "{tmp}"],
        "issue 12: `open 9` must say there is no lesson 9",
    ),
    _e(
        "open_lesson_0",
        ["open", "0", "--workspace", "{tmp}"],
        "lessons are numbered from 1; there is no lesson 0",
    ),
    _e(
        "open_lesson_abc", ["open", "abc", "--workspace", "{tmp}"], "a lesson is a number; `abc` is no lesson"
    ),
    _e("open_lesson_float", ["open", "1.5", "--workspace", "{tmp}"], "there is no lesson 1.5"),
    _e(
        "open_lesson_huge",
        ["open", HUGE, "--workspace", "{tmp}"],
        "there is no lesson 10**30 (and no overflow traceback)",
    ),
    _e("open_lesson_negative", ["open", "--workspace", "{tmp}", "--", "-1"], "there is no lesson -1"),
    _e(
        "open_workspace_missing",
        ["open", "1", "--workspace", "{tmp}/no-such-workspace"],
        "a workspace that does not exist must be named in one line, before starting anything",
    ),
    _e("open_workspace_is_file", ["open", "1", "--workspace", A_FILE], "a workspace is a folder, not a file"),
    _e("open_unknown_option", ["open", "1", "--bogus"], "an unknown option is a click usage error"),
    # ------------------------------------------------------------------ progress
    _e(
        "progress_workspace_missing",
        ["progress", "--workspace", "{tmp}/no-such-workspace"],
        "a workspace that does not exist has no progress to show; say so in one line",
    ),
    _e(
        "progress_workspace_is_file",
        ["progress", "--workspace", A_FILE],
        "a workspace is a folder, not a file",
    ),
    _e("progress_extra_argument", ["progress", "extra"], "progress takes no positional arguments"),
    # ------------------------------------------------------------------ exercises
    _e(
        "exercises_unknown_subcommand", ["exercises", "bogus"], "an unknown subcommand is a click usage error"
    ),
    _e("exercises_list_extra_argument", ["exercises", "list", "1.1"], "list takes no arguments"),
    _e(
        "check_unknown_id_9_9",
        ["exercises", "check", "9.9", "--workspace", "{tmp}"],
        "there is no exercise 9.9",
    ),
    _e(
        "check_unknown_id_1_99",
        ["exercises", "check", "1.99", "--workspace", "{tmp}"],
        "lesson 1 has no exercise 1.99",
    ),
    _e("check_unknown_id_0_1", ["exercises", "check", "0.1", "--workspace", "{tmp}"], "there is no lesson 0"),
    _e(
        "check_unknown_id_text",
        ["exercises", "check", "abc", "--workspace", "{tmp}"],
        "`abc` is neither an exercise id nor a notebook",
    ),
    _e(
        "check_notebook_missing",
        ["exercises", "check", "{tmp}/no-such.ipynb", "--workspace", "{tmp}"],
        "a notebook path that does not exist must be named in one line",
    ),
    _e(
        "check_target_is_folder",
        ["exercises", "check", "{tmp}", "--workspace", "{tmp}"],
        "a folder is neither an exercise id nor a notebook",
    ),
    _e(
        "check_target_not_a_notebook",
        ["exercises", "check", A_FILE, "--workspace", "{tmp}"],
        "a .py file is not a notebook; reading it must fail in one line",
    ),
    _e(
        "check_workspace_missing",
        ["exercises", "check", "1.1", "--workspace", "{tmp}/no-such-workspace"],
        "exercise 1.1's notebook cannot be in a workspace that does not exist",
    ),
    _e(
        "check_workspace_is_file",
        ["exercises", "check", "1.1", "--workspace", A_FILE],
        "a workspace is a folder, not a file",
    ),
    _e(
        "check_timeout_zero",
        ["exercises", "check", "1.1", "--workspace", "{tmp}", "--timeout", "0"],
        "a cell time limit of 0 s is out of range (x>=1)",
    ),
    _e(
        "check_timeout_negative",
        ["exercises", "check", "1.1", "--workspace", "{tmp}", "--timeout", "-1"],
        "a negative time limit is out of range",
    ),
    _e(
        "check_timeout_nan",
        ["exercises", "check", "1.1", "--workspace", "{tmp}", "--timeout", "nan"],
        "nan compares false with every bound, so a range check must refuse it explicitly",
    ),
    _e(
        "check_timeout_inf",
        ["exercises", "check", "1.1", "--workspace", "{tmp}", "--timeout", "inf"],
        "an infinite cell time limit is no limit; timers cannot take inf (OverflowError)",
    ),
    _e(
        "check_timeout_text",
        ["exercises", "check", "1.1", "--workspace", "{tmp}", "--timeout", "soon"],
        "a time limit is a number",
    ),
    _e("check_no_target", ["exercises", "check"], "check needs a TARGET"),
    _e(
        "hint_unknown_id",
        ["exercises", "hint", "9.9", "--workspace", "{tmp}"],
        "there is no exercise 9.9 to hint",
    ),
    _e(
        "hint_unknown_id_text",
        ["exercises", "hint", "abc", "--workspace", "{tmp}"],
        "`abc` is no exercise id",
    ),
    _e(
        "hint_nothing_checked_yet",
        ["exercises", "hint", "--workspace", "{tmp}"],
        "without an id the hint is for the last checked exercise; in a fresh folder there is none: one line, non-zero",
    ),
    _e(
        "reset_unknown_id",
        ["exercises", "reset", "9.9", "--workspace", "{tmp}"],
        "there is no exercise 9.9 to reset",
    ),
    _e(
        "reset_workspace_missing",
        ["exercises", "reset", "1.1", "--workspace", "{tmp}/no-such-workspace"],
        "there is no notebook to reset in a workspace that does not exist",
    ),
    _e("reset_no_id", ["exercises", "reset"], "reset needs an EXERCISE_ID"),
    _e("solution_unknown_id", ["exercises", "solution", "9.9"], "there is no exercise 9.9"),
    _e("solution_unknown_id_text", ["exercises", "solution", "abc"], "`abc` is no exercise id"),
    _e("solution_empty_id", ["exercises", "solution", ""], "an empty string is no exercise id"),
    _e("solution_huge_id", ["exercises", "solution", HUGE + ".1"], "no lesson 10**30; no overflow traceback"),
    # ------------------------------------------------------------------ doctor
    _e(
        "doctor_run_missing_script",
        ["doctor", "run", "{tmp}/no-such-script.py"],
        "a script that does not exist cannot be run: one line, exit status 2",
    ),
    _e("doctor_run_script_is_folder", ["doctor", "run", "{tmp}"], "a folder is not a script"),
    _e("doctor_run_no_script", ["doctor", "run"], "doctor run needs a SCRIPT"),
    _e("doctor_unknown_subcommand", ["doctor", "bogus"], "an unknown subcommand is a click usage error"),
    _e("doctor_scenarios_extra_argument", ["doctor", "scenarios", "extra"], "scenarios takes no arguments"),
    # ------------------------------------------------------------------ data
    _e("data_unknown_subcommand", ["data", "bogus"], "an unknown subcommand is a click usage error"),
    _e(
        "data_verify_root_missing",
        ["data", "verify", "--root", "{tmp}/no-such-root"],
        "a data root that does not exist: exit 1 and one line naming it",
    ),
    _e(
        "data_verify_root_is_file",
        ["data", "verify", "--root", A_FILE],
        "a data root is a folder, not a file",
    ),
    _e(
        "data_fetch_root_is_file",
        ["data", "fetch", "--root", A_FILE, "--no-mirrors"],
        "files cannot be put under a file; say so in one line (ideally before downloading anything)",
    ),
    _e(
        "data_fetch_root_unwritable",
        ["data", "fetch", "--root", UNWRITABLE, "--no-mirrors"],
        "data fetch is the one command that writes; an unwritable root with no files must be one line",
    ),
    # ------------------------------------------------------------------ tensorboard
    _e(
        "tensorboard_port_busy",
        ["tensorboard", "{tmp}", "--port", "{busy_port}"],
        "issue 12: with the port taken it printed 'serving' and exited 0; it must check the port first and fail",
    ),
    _e("tensorboard_port_zero", ["tensorboard", "{tmp}", "--port", "0"], "ports run from 1 to 65535"),
    _e("tensorboard_port_negative", ["tensorboard", "{tmp}", "--port", "-1"], "ports run from 1 to 65535"),
    _e("tensorboard_port_65536", ["tensorboard", "{tmp}", "--port", "65536"], "ports run from 1 to 65535"),
    _e("tensorboard_port_huge", ["tensorboard", "{tmp}", "--port", HUGE], "ports run from 1 to 65535"),
    _e("tensorboard_port_float", ["tensorboard", "{tmp}", "--port", "6006.5"], "a port is an integer"),
    _e("tensorboard_port_text", ["tensorboard", "{tmp}", "--port", "http"], "a port is a number"),
    _e(
        "tensorboard_logdir_is_file",
        ["tensorboard", A_FILE],
        "a log folder must be a folder; serving a file shows nothing, so refuse it before starting TensorBoard",
    ),
    _e(
        "tensorboard_logdir_missing",
        ["tensorboard", "{tmp}/no-such-runs"],
        "a log folder that does not exist is a typo; say so before starting TensorBoard",
    ),
    # ------------------------------------------------------------------ grade
    _e("grade_no_csv", ["grade", "{tmp}"], "--csv is required"),
    _e("grade_no_directory", ["grade", "--csv", "{tmp}/g.csv"], "grade needs a DIRECTORY"),
    _e(
        "grade_directory_missing",
        ["grade", "{tmp}/no-such-dir", "--csv", "{tmp}/g.csv"],
        "a submissions folder that does not exist: one line",
    ),
    _e(
        "grade_directory_is_file",
        ["grade", A_FILE, "--csv", "{tmp}/g.csv"],
        "DIRECTORY must be a folder, not a file",
    ),
    _e(
        "grade_csv_is_folder",
        ["grade", "{tmp}", "--csv", "{tmp}"],
        "the CSV path is checked before anything runs; a folder cannot be the CSV",
    ),
    _e(
        "grade_csv_unwritable",
        ["grade", "{tmp}", "--csv", UNWRITABLE + "/g.csv"],
        "a CSV that cannot be written: one line",
    ),
    _e(
        "grade_timeout_zero",
        ["grade", "{tmp}", "--csv", "{tmp}/g.csv", "--timeout", "0"],
        "a cell limit of 0 s is out of range (x>=1)",
    ),
    _e(
        "grade_timeout_negative",
        ["grade", "{tmp}", "--csv", "{tmp}/g.csv", "--timeout", "-3"],
        "a negative cell limit is out of range",
    ),
    _e(
        "grade_timeout_nan",
        ["grade", "{tmp}", "--csv", "{tmp}/g.csv", "--timeout", "nan"],
        "nan slips past a plain FloatRange; it must be refused",
    ),
    _e(
        "grade_timeout_inf",
        ["grade", "{tmp}", "--csv", "{tmp}/g.csv", "--timeout", "inf"],
        "an infinite cell limit defeats the point of a limit and overflows timers",
    ),
    _e(
        "grade_timeout_text",
        ["grade", "{tmp}", "--csv", "{tmp}/g.csv", "--timeout", "long"],
        "a cell limit is a number",
    ),
    _e(
        "grade_notebook_timeout_zero",
        ["grade", "{tmp}", "--csv", "{tmp}/g.csv", "--notebook-timeout", "0"],
        "a notebook limit of 0 s is out of range (x>=1)",
    ),
    _e(
        "grade_notebook_timeout_nan",
        ["grade", "{tmp}", "--csv", "{tmp}/g.csv", "--notebook-timeout", "nan"],
        "nan is no number of seconds",
    ),
    _e(
        "grade_notebook_timeout_huge",
        ["grade", "{tmp}", "--csv", "{tmp}/g.csv", "--notebook-timeout", "1e30"],
        "1e30 s overflows every timer (time.sleep, signal.alarm)",
    ),
    _e(
        "grade_workers_zero",
        ["grade", "{tmp}", "--csv", "{tmp}/g.csv", "--workers", "0"],
        "zero workers grade nothing (x>=1)",
    ),
    _e(
        "grade_workers_negative",
        ["grade", "{tmp}", "--csv", "{tmp}/g.csv", "--workers", "-1"],
        "negative workers are out of range",
    ),
    _e(
        "grade_workers_huge",
        ["grade", "{tmp}", "--csv", "{tmp}/g.csv", "--workers", HUGE],
        "10**30 worker processes: a click range error, not an OverflowError",
    ),
    _e(
        "grade_workers_2_63",
        ["grade", "{tmp}", "--csv", "{tmp}/g.csv", "--workers", I2_63],
        "2**63 worker processes is out of range",
    ),
    _e(
        "grade_workers_float",
        ["grade", "{tmp}", "--csv", "{tmp}/g.csv", "--workers", "1.5"],
        "workers is an integer",
    ),
    _e(
        "grade_memory_negative",
        ["grade", "{tmp}", "--csv", "{tmp}/g.csv", "--memory-mb", "-1"],
        "a negative memory limit is out of range (x>=0)",
    ),
    _e(
        "grade_memory_huge",
        ["grade", "{tmp}", "--csv", "{tmp}/g.csv", "--memory-mb", HUGE],
        "10**30 MB overflows setrlimit's 64-bit limit",
    ),
    _e(
        "grade_memory_2_63",
        ["grade", "{tmp}", "--csv", "{tmp}/g.csv", "--memory-mb", I2_63],
        "2**63 MB (x 2**20 bytes) overflows setrlimit",
    ),
    _e(
        "grade_memory_float",
        ["grade", "{tmp}", "--csv", "{tmp}/g.csv", "--memory-mb", "512.5"],
        "--memory-mb is an integer",
    ),
    _e(
        "grade_memory_text",
        ["grade", "{tmp}", "--csv", "{tmp}/g.csv", "--memory-mb", "lots"],
        "--memory-mb is a number",
    ),
    _e(
        "grade_feedback_is_file",
        ["grade", "{tmp}", "--csv", "{tmp}/g.csv", "--feedback", A_FILE],
        "--feedback names a folder, not a file",
    ),
    _e(
        "grade_lesson_unknown",
        ["grade", "{tmp}", "--csv", "{tmp}/g.csv", "--lesson", "9"],
        "there is no lesson 9 to grade",
    ),
    # ================================================================== ok: cheap, legal boundaries
    _ok("ok_version", ["--version"], "--version prints the version"),
    _ok("ok_exercises_list", ["exercises", "list"], "lists every exercise"),
    _ok("ok_open_help", ["open", "--help"], "help never starts JupyterLab"),
    _ok(
        "ok_solution_1_1",
        ["exercises", "solution", "1.1"],
        "1.1 is a real exercise with a reference solution",
    ),
    _ok("ok_doctor_scenarios", ["doctor", "scenarios"], "lists the scenario suites"),
    _ok("ok_init_fresh", ["init", "{tmp}/ws"], "a new folder becomes a workspace"),
    _ok(
        "ok_data_verify_default_root",
        ["data", "verify"],
        "the four verified MNIST files are already in the default root",
    ),
    _ok(
        "ok_run_smallest", run_argv(), "200 images, 1 epoch, 1 thread: the smallest legal run, a few seconds"
    ),
    _ok("ok_run_seed_zero", run_argv(seed="0"), "seed 0 is the default and legal"),
    _ok(
        "ok_run_seed_max",
        run_argv(seed=MAX_SEED),
        "2**32-1 is the largest seed every seeding API (numpy, torch, random) accepts",
    ),
    _ok(
        "ok_run_limit_65_last_batch_of_one",
        run_argv(limit="65"),
        "65 images at batch 64 leave a last training batch of 1 image; a legal --limit must not crash BatchNorm",
    ),
    _ok(
        "ok_run_batch_size_32",
        run_argv(batch_size="32"),
        "issue 12: --batch-size is generated from DataConfig and must be accepted (and reach the loaders)",
    ),
]


if __name__ == "__main__":  # pragma: no cover - a quick listing
    for case in CASES:
        print(f"{case.expect:5}  {case.name:40}  realdata {' '.join(case.argv)}")
    print(
        f"{len(CASES)} cases: {sum(c.expect == 'error' for c in CASES)} error, {sum(c.expect == 'ok' for c in CASES)} ok"
    )
