"""`realdata tensorboard`: TensorBoard really starts over real runs and serves on loopback."""

import json
import urllib.request

import pytest
from click.testing import CliRunner

from realdata.cli import cli
from realdata.errors import RealdataError
from realdata.training.board import free_port, start_tensorboard, wait_until_serving
from realdata.training.loop import EpochResult
from realdata.training.tracking import log_epoch, make_writer


@pytest.mark.slow
def test_tensorboard_serves_the_runs_over_loopback(tmp_path):
    for name in ("lr-0.1", "lr-0.001"):
        writer = make_writer(tmp_path / name)
        log_epoch(writer, EpochResult(1, 0.5, 0.8, 0.6, 0.75, 1.0))
        writer.close()
    port = free_port()
    process = start_tensorboard(tmp_path, port=port)
    try:
        page = wait_until_serving(f"http://127.0.0.1:{port}/", process)
        assert "<title>TensorBoard</title>" in page or "tensorboard" in page.lower()
        # TensorBoard's own API lists both runs once it has read them
        for _ in range(40):
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/data/runs", timeout=5) as r:
                runs = json.loads(r.read())
            if len(runs) == 2:
                break
            import time

            time.sleep(0.5)
        assert sorted(runs) == ["lr-0.001", "lr-0.1"]
    finally:
        process.terminate()
        process.wait(timeout=10)
    assert process.poll() is not None


def test_missing_folder_is_a_clear_error(tmp_path):
    with pytest.raises(RealdataError, match="no folder"):
        start_tensorboard(tmp_path / "nope")
    result = CliRunner().invoke(cli, ["tensorboard", str(tmp_path / "nope")])
    assert result.exit_code == 1 and result.output.startswith("error: no folder")
