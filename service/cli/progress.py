"""Progress on stderr: a one-line bar drawn by tqdm, only on a terminal, and reports above it."""

from typing import IO

from tqdm import tqdm

PROGRESS_INTERVAL_SECONDS = 0.1
PROGRESS_BAR_WIDTH = 30
WITH_TOTAL = (
    f"[{{bar:{PROGRESS_BAR_WIDTH}}}] {{percentage:3.0f}}%  {{desc}}  {{rate_fmt}}  "
    "{elapsed}<{remaining}"
)
WITHOUT_TOTAL = "{desc}  {n_fmt}{unit}  {rate_fmt}  {elapsed}"


class Progress:
    """How far through its input a command is, by bytes read, with the articles scored so far."""

    def __init__(self, stream: IO[str], total_bytes: int | None):
        self._stream = stream
        self._articles = 0
        self._bar = tqdm(
            total=total_bytes or None,
            file=stream,
            disable=not stream.isatty(),
            mininterval=PROGRESS_INTERVAL_SECONDS,
            leave=False,
            desc=self._counts(),
            bar_format=WITH_TOTAL if total_bytes else WITHOUT_TOTAL,
            unit="B",
            unit_scale=True,
            ascii=".#",
        )

    def advance(self, size: int, articles: int) -> None:
        self._articles += articles
        self._bar.set_description_str(self._counts(), refresh=False)
        self._bar.update(size)

    def report(self, message: str) -> None:
        """A line of its own above the bar, which is redrawn below it."""
        tqdm.write(message, file=self._stream)

    def close(self) -> None:
        self._bar.close()

    def _counts(self) -> str:
        return f"{self._articles:,} articles"
