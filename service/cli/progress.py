"""Progress on stderr: a one-line bar, drawn only on a terminal, and reports above it."""

import time
from typing import IO

PROGRESS_INTERVAL_SECONDS = 0.1
PROGRESS_BAR_WIDTH = 30


class Progress:
    """Progress on stderr: a one-line bar, drawn only on a terminal, and the bad-line reports."""

    def __init__(self, stream: IO[str], total_bytes: int | None):
        self._stream = stream
        self._enabled = stream.isatty()
        self._total = total_bytes
        self._started = self._drawn = time.monotonic()
        self._bytes = self._articles = 0

    def advance(self, size: int, articles: int) -> None:
        self._bytes += size
        self._articles += articles
        now = time.monotonic()
        if self._enabled and now - self._drawn >= PROGRESS_INTERVAL_SECONDS:
            self._drawn = now
            self._stream.write("\r" + self._render(now) + "\x1b[K")
            self._stream.flush()

    def report(self, message: str) -> None:
        """A line of its own above the bar, which the next advance redraws."""
        self._stream.write(("\r\x1b[K" if self._enabled else "") + message + "\n")

    def _render(self, now: float) -> str:
        rate = self._articles / max(now - self._started, 1e-9)
        counts = f"{self._articles:,} articles  {rate:,.0f}/s"
        if not self._total:
            return counts
        share = min(self._bytes / self._total, 1.0)
        filled = round(share * PROGRESS_BAR_WIDTH)
        bar = "#" * filled + "." * (PROGRESS_BAR_WIDTH - filled)
        return f"[{bar}] {share:4.0%}  {counts}"

    def close(self) -> None:
        if self._enabled:
            self._stream.write("\r\x1b[K")
            self._stream.flush()
