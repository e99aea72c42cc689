"""A CPU-time budget per request: work that runs past it is stopped, and the request gets a 503.

A watchdog thread reads the CPU clock of each thread working on a request; once a thread has
used more than its budget, the watchdog raises `CpuTimeExceeded` in it (CPython's
`PyThreadState_SetAsyncExc`). The exception arrives at the thread's next Python instruction, so
a long call into C (one regular expression, one numpy operation) finishes first; every loop in
Python is stopped within a few milliseconds of the budget.
"""

import ctypes
import threading
import time
from contextlib import contextmanager

from service.errors import ServiceError

CHECK_EVERY_SECONDS = 0.02


class CpuTimeExceeded(BaseException):
    """Raised in a thread past its budget; a BaseException, so `except Exception` lets it by."""


class OverBudget(ServiceError):
    status_code = 503
    code = "over_budget"


def _raise_in_thread(ident: int, exception: type[BaseException] | None) -> None:
    """Raise `exception` in the thread `ident` at its next instruction; None takes it back."""
    ctypes.pythonapi.PyThreadState_SetAsyncExc(
        ctypes.c_ulong(ident), ctypes.py_object(exception) if exception else None
    )


class CpuBudget:
    """`with budget.limit():` stops the block past `seconds` of its thread's CPU: OverBudget."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self._lock = threading.Lock()
        self._started: dict[int, tuple[int, float]] = {}  # thread -> (CPU clock, CPU at start)
        self._stopped: set[int] = set()
        self._watchdog: threading.Thread | None = None

    @contextmanager
    def limit(self):
        ident = threading.get_ident()
        clock = time.pthread_getcpuclockid(ident)
        with self._lock:
            self._started[ident] = (clock, time.clock_gettime(clock))
            self._stopped.discard(ident)
            if self._watchdog is None:
                self._watchdog = threading.Thread(
                    target=self._watch, name="cpu-budget", daemon=True
                )
                self._watchdog.start()
        try:
            yield
        except CpuTimeExceeded as error:
            raise OverBudget(
                f"the request used more than its {self.seconds:g} s of CPU time and was stopped; "
                "send fewer or shorter articles"
            ) from error
        finally:
            with self._lock:
                self._started.pop(ident, None)
                if ident in self._stopped:
                    _raise_in_thread(ident, None)  # not delivered yet: it must not land later

    def _watch(self) -> None:
        while True:
            time.sleep(CHECK_EVERY_SECONDS)
            with self._lock:
                for ident, (clock, started) in self._started.items():
                    if ident in self._stopped:
                        continue
                    try:
                        used = time.clock_gettime(clock) - started
                    except OSError:  # the thread has ended
                        continue
                    if used > self.seconds:
                        self._stopped.add(ident)
                        _raise_in_thread(ident, CpuTimeExceeded)
