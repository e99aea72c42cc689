"""The progress bar on stderr: only on a terminal, with bad lines reported above it."""

import io
import re
import sys

from service.cli import main, progress
from service.cli.progress import PROGRESS_BAR_WIDTH
from tests.service.cli.conftest import FIXTURES, MALFORMED_BAD_LINES

SUMMARY = r"hypegap: scored {} articles into \S+ in \d+\.\d s"


class Terminal(io.StringIO):
    def isatty(self):
        return True


def screen(written: str) -> list[str]:
    """The lines a terminal shows once `written` is drawn: `\\r` goes back to the line's start,
    where the text that follows overwrites it, and `ESC[K` erases to the line's end."""
    shown = []
    for text in written.split("\n"):
        line: list[str] = []
        column = 0
        for part in re.split(r"(\r|\x1b\[K)", text):
            if part == "\r":
                column = 0
            elif part == "\x1b[K":
                del line[column:]
            else:
                line[column : column + len(part)] = part
                column += len(part)
        shown.append("".join(line).rstrip())
    return [line for line in shown if line]


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
    (shown,) = screen(drawn)
    assert re.fullmatch(SUMMARY.format(5), shown), "the bar is cleared at the end"


def test_bad_lines_are_reported_above_the_progress_bar(tiny_artifact, tmp_path, monkeypatch):
    monkeypatch.setattr(progress, "PROGRESS_INTERVAL_SECONDS", 0)
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    source = FIXTURES / "malformed.jsonl"
    argv = ["score-file", source, "-o", tmp_path / "out.jsonl", "--model", tiny_artifact]
    assert main([str(arg) for arg in argv]) == 3
    *reports, summary = screen(terminal.getvalue())
    assert reports[0].startswith(f"{source}:2: invalid JSON")
    for line, (number, reason) in zip(reports, sorted(MALFORMED_BAD_LINES.items()), strict=True):
        assert line.startswith(f"{source}:{number}: {reason}"), line
        assert "%" not in line and "articles" not in line, f"a bar is left on: {line}"
    assert re.fullmatch(SUMMARY.format(2) + "; 9 bad lines skipped", summary)
