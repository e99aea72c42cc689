"""`hypegap` itself: help on every command, usage errors, no tracebacks, the pass-through."""

import os
import subprocess
import sys

import pytest

from service.cli import main
from tests.service.cli.conftest import ROOT


def test_errors_print_no_traceback_in_a_real_process(tmp_path):
    completed = subprocess.run(
        [sys.executable, "-m", "service.cli", "score", "--headline", "Hi"],
        cwd=ROOT,
        env={**os.environ, "HYPEGAP_MODEL_DIR": str(tmp_path / "none")},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert completed.returncode == 1
    assert "Traceback" not in completed.stderr
    assert completed.stderr.strip().startswith("hypegap: no model artifact")


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        ([], "score-file"),
        (["score"], "--body-file"),
        (["score-file"], "--output"),
        (["train"], "--data-dir"),
        (["evaluate"], "--reports"),
    ],
)
def test_help_on_every_command(argv, expected, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main([*argv, "--help"])
    assert exit_info.value.code == 0
    assert expected in capsys.readouterr().out


def test_no_command_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main([])
    assert exit_info.value.code == 2
    assert "usage: hypegap" in capsys.readouterr().err


@pytest.mark.parametrize(("command", "module"), [("train", "train"), ("evaluate", "evaluate")])
def test_train_and_evaluate_pass_their_arguments_through(command, module, monkeypatch):
    import importlib

    target = importlib.import_module(f"training.{module}")
    received = []
    monkeypatch.setattr(target, "main", lambda argv: received.append(argv) or 7)
    assert main([command, "--data-dir", "somewhere", "--reports", "out"]) == 7
    assert received == [["--data-dir", "somewhere", "--reports", "out"]]
