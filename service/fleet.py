"""The worker processes of one service, and the one model version they all serve.

Every worker loads the model itself, so a reload has to reach all of them, and a worker started
later (a respawn after a crash) has to serve what the others serve. They share a folder, made
by `python -m service` and named by `HYPEGAP_WORKERS_DIR` (an app on its own makes its own):

- `served.json`: the version folder the service serves and a generation number, replaced in one
  rename by the worker that reloads. A worker that starts loads this folder, never whatever
  `current` points at by then.
- `workers/<pid>.json`: what each worker serves now, written by that worker; the supervisor
  removes the file of a worker it is replacing once that worker stops taking connections.
- `reload.lock`: held (flock) by the worker running a reload, so reloads run one at a time; one
  that waited finds nothing left to do if the artifact did not change meanwhile.

Each worker reads `served.json` twice a second and loads a newer generation off its event loop.
The worker running a reload waits until every live worker reports the new generation, or the
timeout passes, and says which. A worker that has swapped models in place says so
(`reloaded`), and the supervisor then replaces it with a fresh process
(`service.supervisor`). Nothing here knows HTTP.
"""

import fcntl
import json
import logging
import os
import time
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

from model.artifact import ArtifactError, write_atomically
from service.serving import ModelHolder

WORKERS_DIR_VARIABLE = "HYPEGAP_WORKERS_DIR"
SERVED_FILE = "served.json"
POLL_SECONDS = 0.5

logger = logging.getLogger("hypegap.model")


@dataclass(frozen=True)
class Served:
    """The version folder the service serves, and how many reloads published one."""

    artifact: str
    generation: int


@dataclass(frozen=True)
class WorkerState:
    pid: int
    state: str  # "loading", "serving" or "failed" (still serving its previous model, if any)
    model_version: str | None
    generation: int
    error: str | None = None
    # It swapped models in place: part of the old model's memory stays with it for good.
    reloaded: bool = False


@dataclass(frozen=True)
class ReloadOutcome:
    model_version: str
    previous_version: str | None
    converged: bool
    workers: list[WorkerState]


def is_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class Fleet:
    """This worker's view of the shared folder: what is served, what each worker serves."""

    def __init__(self, directory: Path):
        self.directory = Path(directory)
        self.workers_dir = self.directory / "workers"
        self.workers_dir.mkdir(parents=True, exist_ok=True)
        self.pid = os.getpid()

    # What the service serves

    def served(self) -> Served | None:
        try:
            record = json.loads((self.directory / SERVED_FILE).read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        return Served(**record)

    def publish(self, artifact: Path) -> Served:
        """Make `artifact` (a resolved version folder) what the service serves."""
        previous = self.served()
        served = Served(str(artifact), previous.generation + 1 if previous else 1)
        write_atomically(self.directory / SERVED_FILE, json.dumps(asdict(served)))
        return served

    # What each worker serves

    def report(self, state: WorkerState) -> None:
        write_atomically(self.workers_dir / f"{state.pid}.json", json.dumps(asdict(state)))

    def leave(self) -> None:
        self.forget(self.pid)

    def forget(self, pid: int) -> None:
        (self.workers_dir / f"{pid}.json").unlink(missing_ok=True)

    def workers(self) -> list[WorkerState]:
        """The live workers' states, by pid; the files of dead workers are removed."""
        states = []
        for path in sorted(self.workers_dir.glob("*.json")):
            try:
                state = WorkerState(**json.loads(path.read_text(encoding="utf-8")))
            except (FileNotFoundError, json.JSONDecodeError):
                continue
            if is_alive(state.pid):
                states.append(state)
            else:
                path.unlink(missing_ok=True)
        return states

    @contextmanager
    def reload_lock(self):
        with open(self.directory / "reload.lock", "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)


class Worker:
    """One worker process: loads what the service serves, follows reloads, runs them."""

    def __init__(self, fleet: Fleet, holder: ModelHolder, metrics, reload_seconds: float):
        self.fleet = fleet
        self.holder = holder
        self.metrics = metrics
        self.reload_seconds = reload_seconds
        self.generation = 0
        self.reloaded = False

    def _report(self, state: str, error: str | None = None) -> None:
        current = self.holder.current
        self.fleet.report(
            WorkerState(
                pid=self.fleet.pid,
                state=state,
                model_version=current.model_version if current else None,
                generation=self.generation,
                error=error,
                reloaded=self.reloaded,
            )
        )

    def _swap_in(self, artifact: Path) -> None:
        had_model = self.holder.current is not None
        self.holder.load(artifact)
        self.reloaded |= had_model

    def start(self) -> None:
        """Load what the service serves; the first worker of a new service publishes it first.

        ArtifactError if it cannot be loaded: this worker cannot serve.
        """
        self._report("loading")
        served = self.fleet.served()
        if served is None:
            with self.fleet.reload_lock():
                served = self.fleet.served() or self.fleet.publish(self.holder.model_dir.resolve())
        try:
            self.holder.load(Path(served.artifact))
        except ArtifactError as error:
            self._report("failed", str(error))
            raise
        self.generation = served.generation
        self._report("serving")

    def follow(self) -> None:
        """Load what the service serves, if a reload made it newer than what this worker has."""
        served = self.fleet.served()
        if served is None or served.generation <= self.generation:
            return
        self.generation = served.generation
        if self.holder.current and self.holder.current.artifact == Path(served.artifact):
            self._report("serving")
            return
        self._report("loading")
        try:
            self._swap_in(Path(served.artifact))
        except ArtifactError as error:
            logger.error("could not load the served model %s: %s", served.artifact, error)
            self._report("failed", str(error))
            return
        self._report("serving")

    def reload(self) -> ReloadOutcome:
        """Load and check the artifact `model_dir` points at now, serve it in every worker.

        ArtifactError if it is refused: nothing changes anywhere. Otherwise the outcome says
        whether every worker serves it within the reload timeout.
        """
        previous = self.holder.current.model_version if self.holder.current else None
        with self.fleet.reload_lock():
            target = self.holder.model_dir.resolve()
            served = self.fleet.served()
            up_to_date = served is not None and Path(served.artifact) == target
            # Already served, it is only waited for: workers still loading it (a fresh process
            # replacing a reloaded one, a respawn) get there by themselves. One that failed to
            # load it is given another try by a new generation.
            if not up_to_date or any(w.state == "failed" for w in self.fleet.workers()):
                try:
                    if not (self.holder.current and self.holder.current.artifact == target):
                        self._swap_in(target)
                except ArtifactError as error:
                    self.metrics.reloads.labels("refused").inc()
                    logger.error("reload refused, still serving %s: %s", previous, error)
                    raise
                self.metrics.reloads.labels("loaded").inc()
                served = self.fleet.publish(target)
                self.generation = served.generation
                self._report("serving")
            deadline = time.monotonic() + self.reload_seconds
            while not self._converged(served.generation) and time.monotonic() < deadline:
                time.sleep(0.1)
            outcome = self._outcome(previous, converged=self._converged(served.generation))
        if not outcome.converged:
            logger.error("reload to %s did not reach every worker: %s", target, outcome.workers)
        return outcome

    def _converged(self, generation: int) -> bool:
        return all(
            w.state == "serving" and w.generation >= generation for w in self.fleet.workers()
        )

    def _outcome(self, previous: str | None, converged: bool) -> ReloadOutcome:
        return ReloadOutcome(
            model_version=self.holder.current.model_version,
            previous_version=previous,
            converged=converged,
            workers=self.fleet.workers(),
        )
