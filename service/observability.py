"""Prometheus metrics, JSON access logs and the request size limit, as plain ASGI middleware.

Plain ASGI (not BaseHTTPMiddleware) because these run on every request and must not add a task
or a copy of the response to each one.

With several worker processes, each worker counts into files under PROMETHEUS_MULTIPROC_DIR
(set by `python -m service`), and /metrics adds up all workers, whichever one answers.
"""

import asyncio
import json
import logging
import os
import time
from datetime import UTC, datetime

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client.multiprocess import MultiProcessCollector
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from service.dependencies import MODEL_VERSION_STATE
from service.errors import (
    ERROR_CODE_STATE,
    BodyTimeout,
    RequestTooLarge,
    ServiceError,
    error_body,
)
from service.serving import ModelHolder

MULTIPROCESS_DIR_VARIABLE = "PROMETHEUS_MULTIPROC_DIR"
# Health probes and scrapes would drown the traffic that matters; they are not counted.
# The status (nginx's) and error code of a request whose client went away before its answer.
CLIENT_CLOSED, CLIENT_CLOSED_STATUS = "client_closed", 499
UNMEASURED_PATHS = frozenset({"/health/live", "/health/ready", "/metrics"})
LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30)

access_logger = logging.getLogger("hypegap.access")


class Metrics:
    """This app's metrics, in its own registry (several apps can live in one test process)."""

    def __init__(self):
        self.registry = CollectorRegistry()
        labels = ("method", "endpoint", "status", "model_version")
        self.requests = Counter(
            "hypegap_requests", "HTTP requests answered.", labels, registry=self.registry
        )
        self.errors = Counter(
            "hypegap_errors",
            "Requests answered with an error, by error code.",
            ("method", "endpoint", "code", "model_version"),
            registry=self.registry,
        )
        self.latency = Histogram(
            "hypegap_request_duration_seconds",
            "Time from request to the end of the response.",
            ("method", "endpoint", "model_version"),
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.verdicts = Counter(
            "hypegap_verdicts",
            "Editors' verdicts stored, by level and by whether they agreed with the level shown "
            "(agreed, disagreed, unknown: no score shown or from another model).",
            ("verdict", "agreement"),
            registry=self.registry,
        )
        self.rate_limited = Counter(
            "hypegap_rate_limited",
            "/v1 requests refused with 429 because their client was over its rate limit.",
            registry=self.registry,
        )
        self.reloads = Counter(
            "hypegap_model_reloads",
            "Model reload attempts, by outcome (loaded or refused).",
            ("outcome",),
            registry=self.registry,
        )

    def exposition(self) -> tuple[bytes, str]:
        directory = os.environ.get(MULTIPROCESS_DIR_VARIABLE)
        if directory:
            registry = CollectorRegistry()
            MultiProcessCollector(registry, path=directory)
        else:
            registry = self.registry
        return generate_latest(registry), CONTENT_TYPE_LATEST


class JsonLines(logging.Formatter):
    """One JSON object per record: `extra={"fields": {...}}` becomes top-level keys."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
        }
        fields = getattr(record, "fields", None)
        if fields:
            entry.update(fields)
        else:
            entry["message"] = record.getMessage()
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def logging_config(level: str) -> dict:
    """A `logging.dictConfig` for uvicorn and hypegap: everything as JSON lines on stdout."""
    handler = {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stdout"}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": JsonLines}},
        "handlers": {"stdout": handler},
        "loggers": {
            name: {"handlers": ["stdout"], "level": level.upper(), "propagate": False}
            for name in ("uvicorn", "uvicorn.error", "hypegap")
        }
        | {"uvicorn.access": {"handlers": [], "propagate": False}},
    }


class ObservedRequests:
    """Counts, times and logs every request; never logs bodies, so never article text."""

    def __init__(self, app: ASGIApp, metrics: Metrics, holder: ModelHolder, access_log: bool):
        self.app = app
        self.metrics = metrics
        self.holder = holder
        self.access_log = access_log

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500
        state = scope.setdefault("state", {})

        async def send_with_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_with_status)
        finally:
            if state.get(ERROR_CODE_STATE) == CLIENT_CLOSED:
                status = CLIENT_CLOSED_STATUS
            self._record(scope, state, status, time.perf_counter() - started)

    def _record(self, scope: Scope, state: dict, status: int, seconds: float) -> None:
        path, method = scope["path"], scope["method"]
        version = state.get(MODEL_VERSION_STATE)
        if version is None:
            current = self.holder.current
            version = current.model_version if current else "none"
        error_code = state.get(ERROR_CODE_STATE) or ("internal_error" if status >= 500 else None)
        if path not in UNMEASURED_PATHS:
            route = scope.get("route")
            endpoint = getattr(route, "path", None) or "unmatched"
            self.metrics.requests.labels(method, endpoint, str(status), version).inc()
            self.metrics.latency.labels(method, endpoint, version).observe(seconds)
            if error_code:
                self.metrics.errors.labels(method, endpoint, error_code, version).inc()
        if self.access_log:
            fields = {
                "method": method,
                "path": path,
                "status": status,
                "latency_ms": round(seconds * 1000, 2),
                "model_version": version,
                "client": scope["client"][0] if scope.get("client") else None,
            }
            if error_code:
                fields["error"] = error_code
            access_logger.info("request", extra={"fields": fields})


class RequestSizeLimit:
    """Reads the request body within its limits of size and time before the app parses it.

    A declared Content-Length over `max_bytes` is refused (413) without reading; a body sent in
    chunks is refused as soon as it goes past it. A body that has not all arrived within
    `body_seconds` of the headers is refused (408), so a client trickling a body cannot hold a
    worker, its memory or its shutdown. A client that goes away before its body is read is
    recorded as 499 (`client_closed`), not as an error of the service.
    """

    def __init__(self, app: ASGIApp, max_bytes: int, body_seconds: float):
        self.app = app
        self.max_bytes = max_bytes
        self.body_seconds = body_seconds

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await self._refuse(scope, send, self._too_large())
            return
        chunks, size = [], 0
        try:
            async with asyncio.timeout(self.body_seconds):
                while True:
                    message = await receive()
                    if message["type"] != "http.request":
                        scope.setdefault("state", {})[ERROR_CODE_STATE] = CLIENT_CLOSED
                        return
                    chunk = message.get("body", b"")
                    size += len(chunk)
                    if size > self.max_bytes:
                        await self._refuse(scope, send, self._too_large())
                        return
                    chunks.append(chunk)
                    if not message.get("more_body", False):
                        break
        except TimeoutError:
            chunks.clear()
            timeout = BodyTimeout(f"the request body did not arrive within {self.body_seconds:g} s")
            await self._refuse(scope, send, timeout)
            return
        body = b"".join(chunks)
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    def _too_large(self) -> RequestTooLarge:
        return RequestTooLarge(f"the request body is over the limit of {self.max_bytes:,} bytes")

    async def _refuse(self, scope: Scope, send: Send, error: ServiceError) -> None:
        scope.setdefault("state", {})[ERROR_CODE_STATE] = error.code
        payload = json.dumps(error_body(error.code, error.message)).encode()
        headers = [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(payload)).encode()),
            (b"connection", b"close"),
        ]
        await send({"type": "http.response.start", "status": error.status_code, "headers": headers})
        await send({"type": "http.response.body", "body": payload})
