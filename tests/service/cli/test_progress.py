"""The progress bar on stderr: only on a terminal, with bad lines reported above it."""

import io
import sys

from service.cli import main, progress
from service.cli.progress import PROGRESS_BAR_WIDTH
from tests.service.cli.conftest import FIXTURES


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_progress_bar_only_on_a_terminal(tiny_artifact, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(progress, "PROGRESS_INTERVAL_SECONDS", 0)
    argv = ["score-file", FIXTURES / "articles.jsonl", "-o", tmp_path / "out.jsonl"]
    argv = [str(arg) for arg in [*argv, "--model", tiny_artifact]]
    assert main(argv) == 0
    assert "\r" not in capsys.readouterr().err
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert main(argv) == 0
    drawn = terminal.getvalue()
    assert "\r[" + "#" * PROGRESS_BAR_WIDTH + "] 100%  5 articles" in drawn
    assert "\r\x1b[Khypegap: scored 5 articles" in drawn, "the bar is cleared at the end"


def test_bad_lines_are_reported_above_the_progress_bar(tiny_artifact, tmp_path, monkeypatch):
    monkeypatch.setattr(progress, "PROGRESS_INTERVAL_SECONDS", 0)
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    source = FIXTURES / "malformed.jsonl"
    argv = ["score-file", source, "-o", tmp_path / "out.jsonl", "--model", tiny_artifact]
    assert main([str(arg) for arg in argv]) == 3
    assert f"\r\x1b[K{source}:2: invalid JSON" in terminal.getvalue()
