"""uvicorn's supervisor of worker processes, with the changes the service needs.

- SIGHUP reloads the model in place: it is passed to one worker that has finished starting
  (at once, or as soon as one has), whose reload reaches the others (`service.fleet`).
  uvicorn's own answer, replacing every worker, gave up on a worker that was not ready within
  5 s under load and left two versions serving.
- After a reload has reached every worker, each worker that swapped models in place is replaced
  by a fresh process, one at a time: the fresh one loads only the served version, and only once
  it serves does the old one drain and exit. A worker that swapped models keeps part of the old
  model's memory for good: CPython keeps a block of small objects until every object in it is
  freed, and objects of the new model land in the old one's blocks (40 to 55 MB a worker).
- A worker that cannot start (its model cannot be loaded) stops the service with a non-zero
  exit status (uvicorn stops it too, but exits 0), so a supervisor set to restart on failure
  restarts it.
- Stopping waits a bounded time for the workers, then kills those still running.
- On Linux each worker slot has its own listening socket on the port (SO_REUSEPORT), kept for
  the processes that take the slot's place (a respawn, a replacement after a reload), and the
  kernel spreads new connections over the sockets. On one shared socket, a worker whose event
  loop wakes up accepts every connection waiting, so keep-alive clients often all land on one
  worker.
"""

import asyncio
import logging
import os
import signal
import socket
import sys
import time

from uvicorn import Server
from uvicorn.config import STARTUP_FAILURE
from uvicorn.supervisors.multiprocess import Multiprocess, Process

from service.fleet import Fleet

logger = logging.getLogger("uvicorn.error")

DRAIN_SIGNAL = signal.SIGUSR1
# Linux spreads connections over the sockets of a SO_REUSEPORT group; the other systems that
# have the option give them all to one of the sockets.
REUSE_PORT_SPREADS = sys.platform == "linux" and hasattr(socket, "SO_REUSEPORT")


def bind_reusing_port(host: str, port: int) -> socket.socket:
    """A socket bound as uvicorn binds its own, with SO_REUSEPORT; it listens in the worker."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    try:
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    sock.set_inheritable(True)
    return sock


class DrainingServer(Server):
    """uvicorn's server, which drains on SIGUSR1 before it shuts down as on SIGTERM.

    Draining, it stops taking connections (the other workers take them) and every response it
    still sends says `Connection: close`, so a client that keeps its connection open learns
    from a whole answer to open a new one, elsewhere. uvicorn's shutdown closes idle
    connections at once instead, and a client whose next request crosses that close sees a
    broken connection. It shuts down once its last connection is gone, or after the
    keep-alive timeout: a connection idle for that long is closed by uvicorn anyway.
    """

    drain_deadline: float | None = None

    async def startup(self, sockets=None) -> None:
        self.config.loaded_app = closing_when_draining(self.config.loaded_app, self)
        asyncio.get_running_loop().add_signal_handler(DRAIN_SIGNAL, self.drain)
        await super().startup(sockets)

    @property
    def draining(self) -> bool:
        return self.drain_deadline is not None

    def drain(self) -> None:
        if self.draining:
            return
        logger.info("Draining: no new connections; closing each one after its next answer.")
        for server in getattr(self, "servers", []):
            server.close()
        self.drain_deadline = time.monotonic() + self.config.timeout_keep_alive

    async def on_tick(self, counter: int) -> bool:
        if self.draining and (
            not self.server_state.connections or time.monotonic() > self.drain_deadline
        ):
            self.should_exit = True
        return await super().on_tick(counter)


def closing_when_draining(app, server: DrainingServer):
    async def app_closing_when_draining(scope, receive, send):
        if scope["type"] != "http":
            return await app(scope, receive, send)

        async def send_closing(message):
            if message["type"] == "http.response.start" and server.draining:
                headers = [*message.get("headers", []), (b"connection", b"close")]
                message = {**message, "headers": headers}
            await send(message)

        return await app(scope, receive, send_closing)

    return app_closing_when_draining


class WorkerProcess(Process):
    """A uvicorn worker process whose server drains on SIGUSR1."""

    @property
    def server(self) -> Server:
        if self._server is None:
            self._server = DrainingServer(config=self.config)
        return self._server


class Supervisor(Multiprocess):
    def __init__(
        self, config, fleet: Fleet, stop_seconds: float, ready_seconds: float, reuse_port: bool
    ):
        # Bound in any case, so that a port already taken fails as it always did (logged, exit
        # status 3): sockets with SO_REUSEPORT would instead join those of another process of
        # this user listening there with it (another hypegap) and take part of its connections.
        shared_socket = config.bind_socket()
        self.reuse_port = reuse_port
        if reuse_port:
            shared_socket.close()
            # Worker slot i listens on sockets[i], whichever process fills it.
            sockets = [bind_reusing_port(config.host, config.port) for _ in range(config.workers)]
            logger.info("Each worker listens on a socket of its own (SO_REUSEPORT).")
        else:
            sockets = [shared_socket]
        super().__init__(config, sockets)
        self.fleet = fleet
        self.stop_seconds = stop_seconds
        self.ready_seconds = ready_seconds
        self.failed = False
        # The fresh process meant to take the place of processes[index], until it is ready.
        self.replacement: tuple[int, WorkerProcess, float] | None = None
        self.retiring: list[tuple[WorkerProcess, float]] = []  # draining, with a deadline
        self.unreplaceable_generation: int | None = None  # its fresh process could not start
        self.reload_pending = False  # a SIGHUP no worker could take yet

    def new_process(self, slot: int) -> WorkerProcess:
        """A worker started for `processes[slot]`, to fill it or to take its place."""
        sockets = [self.sockets[slot]] if self.reuse_port else self.sockets
        process = WorkerProcess(self.config, sockets)
        process.start()
        return process

    def init_processes(self) -> None:
        self.processes = [self.new_process(slot) for slot in range(self.processes_num)]

    def handle_hup(self) -> None:
        self.reload_pending = True
        if not self.pass_on_reload():
            logger.info("Received SIGHUP; the reload waits for a worker to finish starting.")

    def pass_on_reload(self) -> bool:
        """Pass the pending reload to a worker that has finished starting, if one has. One still
        starting has no handler for SIGHUP yet, and the signal's default action would kill it
        and lose the reload (a SIGHUP sent just after a start or a respawn)."""
        for process in self.processes:
            if process.is_ready(timeout=1):
                logger.info(
                    "Received SIGHUP, reloading the model through worker [%d].", process.pid
                )
                os.kill(process.pid, signal.SIGHUP)
                self.reload_pending = False
                return True
        return False

    def handle_ttin(self) -> None:
        logger.info("Received SIGTTIN, increasing the number of processes.")
        if self.reuse_port:
            try:
                self.sockets.append(bind_reusing_port(self.config.host, self.config.port))
            except OSError as error:  # out of file descriptors, say
                logger.error("Cannot listen on one more socket, no worker added: %s", error)
                return
        self.processes_num += 1
        self.processes.append(self.new_process(len(self.processes)))

    def handle_ttou(self) -> None:
        if self.reuse_port and self.processes_num > 1:
            # Closed first, so that it leaves the group as soon as its worker stops listening,
            # rather than queue connections no worker will take.
            self.sockets.pop().close()
        super().handle_ttou()

    def keep_subprocess_alive(self) -> None:
        if self.should_exit.is_set():
            return
        for index, process in enumerate(self.processes):
            if process.is_alive(timeout=self.config.timeout_worker_healthcheck):
                continue
            process.kill()  # hung, or dead already
            process.join()
            if process.exitcode == STARTUP_FAILURE:
                logger.error(
                    "Child process [%d] failed to start, stopping the service.", process.pid
                )
                self.failed = True
                self.should_exit.set()
                return
            logger.info("Child process [%d] died", process.pid)
            self.processes[index] = self.new_process(index)
        if self.reload_pending:
            self.pass_on_reload()
        self.replace_reloaded_workers()

    def replace_reloaded_workers(self) -> None:
        """One step of replacing, one at a time, the workers that swapped models in place."""
        now = time.monotonic()
        self.retiring = [entry for entry in self.retiring if not self._reaped(*entry, now)]
        if self.replacement is not None:
            self._watch_replacement(*self.replacement, now)
            return
        if self.retiring:
            return  # the last worker replaced has not exited yet
        served = self.fleet.served()
        states = {state.pid: state for state in self.fleet.workers()}
        if served is None or served.generation == self.unreplaceable_generation:
            return
        converged = all(
            s.state == "serving" and s.generation >= served.generation for s in states.values()
        )
        if not converged or any(process.pid not in states for process in self.processes):
            return  # a reload, a start or a respawn is under way
        for index, process in enumerate(self.processes):
            if states[process.pid].reloaded:
                replacement = self.new_process(index)
                logger.info(
                    "Worker [%d] swapped models in place; starting worker [%d] to replace it.",
                    process.pid,
                    replacement.pid,
                )
                self.replacement = (index, replacement, now + self.ready_seconds)
                return

    def _watch_replacement(self, index: int, replacement: WorkerProcess, deadline: float, now):
        old = self.processes[index]
        if replacement.process.is_alive() and replacement.is_ready(timeout=1):
            self.replacement = None
            self.processes[index] = replacement
            if old.process.is_alive():
                os.kill(old.pid, DRAIN_SIGNAL)
            self.fleet.forget(old.pid)
            self.retiring.append((old, now + self.config.timeout_keep_alive + self.stop_seconds))
            logger.info(
                "Worker [%d] serves; worker [%d] drains and exits.", replacement.pid, old.pid
            )
            return
        if replacement.process.is_alive() and now < deadline:
            return
        replacement.kill()  # not ready in time, or dead already
        replacement.join()
        self.replacement = None
        if replacement.exitcode != -signal.SIGKILL or now >= deadline:
            # Not killed from outside: another one would fail the same way. Tried again after
            # the next reload.
            served = self.fleet.served()
            self.unreplaceable_generation = served.generation if served else None
        logger.error(
            "Worker [%d], started to replace worker [%d], was not serving within %g s "
            "(exit status %s); worker [%d] goes on serving.",
            replacement.pid,
            old.pid,
            self.ready_seconds,
            replacement.exitcode,
            old.pid,
        )

    def _reaped(self, process: WorkerProcess, deadline: float, now: float) -> bool:
        if process.process.is_alive():
            if now < deadline:
                return False
            logger.error(
                "Worker [%d] did not stop in time after draining; killing it.", process.pid
            )
            process.kill()
        process.process.join()
        process.parent_conn.close()
        process.child_conn.close()
        return True

    def all_processes(self) -> list[WorkerProcess]:
        extra = [self.replacement[1]] if self.replacement else []
        return [*self.processes, *extra, *(process for process, _ in self.retiring)]

    def terminate_all(self) -> None:
        for process in self.all_processes():
            process.terminate()

    def join_all(self) -> None:
        deadline = time.monotonic() + self.stop_seconds
        for process in self.all_processes():
            process.process.join(max(0.0, deadline - time.monotonic()))
            if process.process.is_alive():
                logger.error("Worker [%d] did not stop in time; killing it.", process.pid)
                process.kill()
                process.process.join()
