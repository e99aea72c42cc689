"""uvicorn's supervisor of worker processes, with three changes the service needs.

- SIGHUP reloads the model in place: it is passed to one worker, whose reload reaches the
  others (`service.fleet`). uvicorn's own answer, replacing every worker, gave up on a worker
  that was not ready within 5 s under load and left two versions serving.
- A worker that cannot start (its model cannot be loaded) stops the service with a non-zero
  exit status (uvicorn stops it too, but exits 0), so a supervisor set to restart on failure
  restarts it.
- Stopping waits a bounded time for the workers, then kills those still running.
"""

import logging
import os
import signal
import time

from uvicorn.supervisors.multiprocess import Multiprocess

logger = logging.getLogger("uvicorn.error")


class Supervisor(Multiprocess):
    def __init__(self, config, sockets, stop_seconds: float):
        super().__init__(config, sockets)
        self.stop_seconds = stop_seconds
        self.failed = False

    def handle_hup(self) -> None:
        for process in self.processes:
            if process.is_alive(timeout=1):
                logger.info(
                    "Received SIGHUP, reloading the model through worker [%d].", process.pid
                )
                os.kill(process.pid, signal.SIGHUP)
                return
        logger.error("Received SIGHUP, but no worker is alive to reload the model.")

    def keep_subprocess_alive(self) -> None:
        stopping = self.should_exit.is_set()
        super().keep_subprocess_alive()
        if not stopping and self.should_exit.is_set():
            self.failed = True  # a respawned worker could not start

    def join_all(self) -> None:
        deadline = time.monotonic() + self.stop_seconds
        for process in self.processes:
            process.process.join(max(0.0, deadline - time.monotonic()))
            if process.process.is_alive():
                logger.error("Worker [%d] did not stop in time; killing it.", process.pid)
                process.kill()
                process.process.join()
