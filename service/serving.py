"""The model being served: loaded once, swapped whole on reload, shared by concurrent requests.

Nothing here knows HTTP. `ModelHolder.current` is one attribute read: a request takes the
`SharedScorer` it finds there and keeps it to the end, so a reload never changes the model under
a request in flight, and the old model is dropped when its last request is done.
"""

import logging
import threading
from collections.abc import Sequence
from concurrent.futures import Future
from pathlib import Path

from model.artifact import ArtifactError
from model.scorer import Article, Scored, Scorer

logger = logging.getLogger("hypegap.model")


class SharedScorer:
    """A Scorer that scores the articles of concurrent callers together, in one batch.

    Scoring is CPU-bound Python, so threads of one process cannot run it in parallel anyway
    (the GIL); running them one batch at a time costs nothing and saves the pipeline's large
    fixed cost per call for every request that arrives while another is being scored. A lone
    request is scored at once: nothing waits for a batch to fill.
    """

    def __init__(self, scorer: Scorer, combine: bool = True):
        self.scorer = scorer
        self.model_version = scorer.model_version
        self.combine = combine
        self._queue_lock = threading.Lock()
        self._scoring_lock = threading.Lock()
        self._waiting: list[tuple[Sequence[Article], bool, Future]] = []

    def score_batch(self, articles: Sequence[Article], explain: bool = True) -> list[Scored]:
        if not self.combine:
            return self.scorer.score_batch(articles, explain=explain)
        mine: Future = Future()
        with self._queue_lock:
            self._waiting.append((articles, explain, mine))
        with self._scoring_lock:
            if not mine.done():
                with self._queue_lock:
                    taken, self._waiting = self._waiting, []
                try:
                    self._score_taken(taken)
                finally:
                    # Stopped part way (this request's CPU budget is spent): the other callers
                    # not yet answered go back in the queue, and the next of them to take the
                    # lock scores them, on its own budget.
                    others = [e for e in taken if e[2] is not mine and not e[2].done()]
                    if others:
                        with self._queue_lock:
                            self._waiting[:0] = others
        return mine.result()

    def _score_taken(self, taken: list[tuple[Sequence[Article], bool, Future]]) -> None:
        # Callers that skip explanations are not made to pay for the others'.
        for explain in (True, False):
            group = [(articles, future) for articles, e, future in taken if e is explain]
            if group:
                self._score_together(group, explain)

    def _score_together(self, taken: list[tuple[Sequence[Article], Future]], explain: bool) -> None:
        try:
            scored = self.scorer.score_batch(
                [a for articles, _ in taken for a in articles], explain=explain
            )
        except Exception as error:
            if len(taken) == 1:
                taken[0][1].set_exception(error)
                return
            # Score each caller alone, so only the caller whose articles fail gets the error.
            for articles, future in taken:
                try:
                    future.set_result(self.scorer.score_batch(articles, explain=explain))
                except Exception as alone_error:
                    future.set_exception(alone_error)
            return
        start = 0
        for articles, future in taken:
            future.set_result(scored[start : start + len(articles)])
            start += len(articles)


class ModelHolder:
    """Holds the served model; `load` swaps in a new one only once it has loaded and scored."""

    def __init__(self, model_dir: Path, combine_requests: bool = True):
        self.model_dir = Path(model_dir)
        self.combine_requests = combine_requests
        self._current: SharedScorer | None = None
        self._reload_lock = threading.Lock()

    @property
    def current(self) -> SharedScorer | None:
        return self._current

    def load(self) -> SharedScorer:
        """Load, verify and probe the artifact at `model_dir`, then serve it. ArtifactError if bad.

        The symlink `current` is resolved once, so the model file and its metadata come from the
        same version folder even if `make train` repoints the link meanwhile.
        """
        with self._reload_lock:
            try:
                scorer = Scorer.load(self.model_dir.resolve())
                scorer.probe()
            except ArtifactError:
                raise
            except Exception as error:
                raise ArtifactError(
                    f"the model failed to load or score a probe: {error}"
                ) from error
            shared = SharedScorer(scorer, combine=self.combine_requests)
            previous, self._current = self._current, shared
        logger.info(
            "serving model %s (was %s)",
            shared.model_version,
            previous.model_version if previous else "none",
        )
        return shared


def reload_model(holder: ModelHolder, metrics) -> tuple[str | None, str]:
    """Load, check and swap in the artifact; on ArtifactError the old model keeps serving."""
    previous = holder.current.model_version if holder.current else None
    try:
        shared = holder.load()
    except ArtifactError as error:
        metrics.reloads.labels("refused").inc()
        logger.error("reload refused, still serving %s: %s", previous, error)
        raise
    metrics.reloads.labels("loaded").inc()
    return previous, shared.model_version
