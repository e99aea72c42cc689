"""The model being served: loaded once, swapped whole on reload, shared by concurrent requests.

Nothing here knows HTTP. `ModelHolder.current` is one attribute read: a request takes the
`SharedScorer` it finds there and keeps it to the end, so a reload never changes the model under
a request in flight, and the old model is dropped when its last request is done.
"""

import ctypes
import ctypes.util
import gc
import logging
import threading
import weakref
from collections.abc import Sequence
from concurrent.futures import Future
from pathlib import Path

from model.artifact import ArtifactError
from model.scorer import Article, Scored, Scorer

logger = logging.getLogger("hypegap.model")


def _glibc() -> ctypes.CDLL | None:
    name = ctypes.util.find_library("c")
    libc = ctypes.CDLL(name) if name else None
    return libc if libc is not None and hasattr(libc, "malloc_trim") else None


LIBC = _glibc()
M_ARENA_MAX = -8  # glibc's mallopt parameter


# Allocations between two young collections (CPython's default: 700), and young / middle
# collections before an older one (10 / 10). Scoring an article allocates tens of thousands of
# short-lived objects (sentences, sets of stems, measures), none in reference cycles: at the
# defaults the collector ran every few hundred microseconds and took about a tenth of batched
# scoring. Freed by reference counting, they never needed it.
GC_THRESHOLDS = (20_000, 50, 100)


def collect_garbage_less_often() -> None:
    """Run the cycle collector less often; what it finds is found all the same, later."""
    gc.set_threshold(*GC_THRESHOLDS)


def limit_malloc_arenas() -> None:
    """Two glibc heaps (arenas) for the process, not one per thread (up to 8 per core).

    Memory freed in one arena cannot serve a thread of another: under load, after reloads, a
    worker's RSS swung by 30 MB and more around 60 to 130 MB over its start; with two arenas it
    settles about one model (40 to 55 MB) over it, and stays. The GIL runs one thread's Python at a
    time, so threads seldom wait for an arena.
    """
    if LIBC is not None:
        LIBC.mallopt(M_ARENA_MAX, 2)


class SharedScorer:
    """A Scorer that scores the articles of concurrent callers together, in one batch.

    Scoring is CPU-bound Python, so threads of one process cannot run it in parallel anyway
    (the GIL); running them one batch at a time costs nothing, and the feature blocks the lean
    path computes for a whole batch pay numpy's per-call cost once for every request that
    arrives while another is being scored. A lone request is scored at once: nothing waits for
    a batch to fill.
    """

    def __init__(self, scorer: Scorer, combine: bool = True, artifact: Path | None = None):
        self.scorer = scorer
        self.artifact = artifact
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
        self._retired: weakref.ref[SharedScorer] | None = None  # the model `load` replaced
        self._reload_lock = threading.Lock()

    @property
    def current(self) -> SharedScorer | None:
        return self._current

    def load(self, artifact: Path) -> SharedScorer:
        """Load, verify and probe the version folder `artifact`, then serve it.

        ArtifactError if it is bad, and the model served before keeps serving. Callers pass
        `model_dir` resolved once, so the model file and its metadata come from the same
        version folder even if `make train` repoints `current` meanwhile.
        """
        with self._reload_lock:
            try:
                scorer = Scorer.load(artifact)
                scorer.probe()
            except ArtifactError:
                raise
            except Exception as error:
                raise ArtifactError(
                    f"the model at {artifact} failed to load or to score a probe article: "
                    f"{type(error).__name__}: {error}"
                ) from error
            shared = SharedScorer(scorer, self.combine_requests, artifact)
            retired, self._current = self._current, shared
        previous = retired.model_version if retired else "none"
        if retired is not None:
            self._retired = weakref.ref(retired)
        del retired  # only requests in flight hold it now
        self.release_retired()
        logger.info("serving model %s (was %s)", shared.model_version, previous)
        return shared

    def release_retired(self) -> None:
        """Give the memory of the model `load` replaced back to the system, once it is freed.

        glibc keeps freed memory in its heap: the RSS of a worker that reloaded would stay a
        model higher for good. Under load, requests in flight at the swap still hold the old
        model, so the worker calls this again as it polls for reloads, until the last of
        them is done. The collector runs first: parts of a model refer to themselves (cached
        bound methods), and only it frees them.
        """
        if self._retired is None or self._retired() is not None:
            return
        self._retired = None
        gc.collect()
        if LIBC is not None:
            LIBC.malloc_trim(0)
