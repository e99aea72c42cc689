"""One error hierarchy, one JSON shape: `{"error": {"code", "message", "field"?}}`.

Every failure a client can see is a `ServiceError` with its own status code. `install` maps
them, FastAPI's request validation errors, Starlette's HTTP errors (404, 405) and any
unexpected exception to that shape through one function, so no stack trace reaches a client.
"""

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

logger = logging.getLogger("hypegap.errors")

# The Starlette state key under which the error code travels to the access log and metrics.
ERROR_CODE_STATE = "error_code"


class ServiceError(Exception):
    status_code = 500
    code = "internal_error"

    def __init__(self, message: str, field: str | None = None, headers: dict | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
        self.headers = headers


class InvalidRequest(ServiceError):
    status_code = 422
    code = "invalid_request"

    def __init__(self, code: str, message: str, field: str | None = None):
        super().__init__(message, field)
        self.code = code


class RequestTooLarge(ServiceError):
    status_code = 413
    code = "request_too_large"


class Unauthorized(ServiceError):
    status_code = 401
    code = "unauthorized"

    def __init__(self, message: str):
        super().__init__(message, headers={"WWW-Authenticate": "Bearer"})


class Forbidden(ServiceError):
    status_code = 403
    code = "forbidden"


class RateLimited(ServiceError):
    status_code = 429
    code = "rate_limited"


class BodyTimeout(ServiceError):
    status_code = 408
    code = "body_timeout"


class NotFound(ServiceError):
    status_code = 404
    code = "not_found"


class MethodNotAllowed(ServiceError):
    status_code = 405
    code = "method_not_allowed"


class ArtifactRefused(ServiceError):
    """A reload found a missing or invalid artifact; the model already loaded keeps serving."""

    status_code = 409
    code = "artifact_refused"


class NotReady(ServiceError):
    status_code = 503
    code = "not_ready"


class ReloadIncomplete(ServiceError):
    """A reload loaded a sound artifact, but not every worker serves it in time."""

    status_code = 503
    code = "reload_incomplete"


class DatabaseDown(ServiceError):
    """The verdicts database is unreachable or misconfigured; scoring is not affected."""

    status_code = 503
    code = "database_unavailable"


class IdempotencyKeyReused(ServiceError):
    status_code = 409
    code = "idempotency_key_reused"


def error_body(code: str, message: str, field: str | None = None) -> dict[str, Any]:
    error = {"code": code, "message": message}
    if field is not None:
        error["field"] = field
    return {"error": error}


def error_response(error: ServiceError, request: Request | None = None) -> JSONResponse:
    if request is not None:
        setattr(request.state, ERROR_CODE_STATE, error.code)
    return JSONResponse(
        error_body(error.code, error.message, error.field),
        status_code=error.status_code,
        headers=error.headers,
    )


def field_name(loc: tuple) -> str | None:
    """("body", "items", 3, "headline") -> "items[3].headline", ("query", "explain") ->
    "explain"; the body itself -> None. A header or path parameter is named as it is sent."""
    parts = loc[1:] if loc and loc[0] in ("body", "query", "header", "path") else loc
    name = ""
    for part in parts:
        part = part if part != "" else '""'  # an empty key, named as it is sent
        name += f"[{part}]" if isinstance(part, int) else (f".{part}" if name else str(part))
    return name or None


def from_validation_error(error: dict) -> InvalidRequest:
    """The client's first mistake, named by its field, in words an integrator can act on."""
    kind, ctx = error["type"], error.get("ctx") or {}
    loc = tuple(error.get("loc", ()))
    if kind == "json_invalid":
        detail = ctx.get("error", "malformed JSON")
        return InvalidRequest("invalid_json", f"the request body is not valid JSON: {detail}")
    if kind == "unknown_fields":
        # Named from the request (or item) that has them: their own location is not in `loc`.
        first, *others = (field_name(loc + (name,)) for name in ctx["fields"])
        more = ctx["count"] - 1 - len(others)
        also = ", ".join(others) + (f" and {more:,} more" if more else "")
        message = f"{first} is not a field of this request" + (f" (nor {also})" if also else "")
        return InvalidRequest("unknown_field", message, first)
    field = field_name(loc)
    if field is None:
        if kind == "missing":
            return InvalidRequest("missing_body", "the request needs a JSON body")
        return InvalidRequest(
            "wrong_type",
            "the request body must be a JSON object (send Content-Type: application/json)",
        )
    if kind == "missing":
        return InvalidRequest("missing_field", f"{field} is required", field)
    if kind == "string_too_long":
        limit = ctx.get("max_length")
        return InvalidRequest(
            "too_long", f"{field} is longer than the limit of {limit:,} characters", field
        )
    if kind == "too_long":
        limit = ctx.get("max_length")
        return InvalidRequest(
            "too_many_items", f"{field} has more than the limit of {limit:,} items", field
        )
    if kind == "too_short":
        return InvalidRequest("too_few_items", f"{field} needs at least one item", field)
    if kind == "empty_headline":
        return InvalidRequest("empty_headline", f"{field} is empty or only whitespace", field)
    if kind.endswith("_type") or kind.endswith("_parsing"):
        return InvalidRequest("wrong_type", f"{field}: {error['msg']}", field)
    return InvalidRequest("invalid_value", f"{field}: {error['msg']}", field)


async def _service_error(request: Request, error: ServiceError) -> JSONResponse:
    return error_response(error, request)


async def _validation_error(request: Request, error: RequestValidationError) -> JSONResponse:
    errors = error.errors()
    first = from_validation_error(errors[0])
    if len(errors) > 1:
        first.message += f" (and {len(errors) - 1} more problem(s))"
    return error_response(first, request)


async def _http_error(request: Request, error: StarletteHTTPException) -> JSONResponse:
    if error.status_code == 400:
        # FastAPI's only 400: a body json.loads failed on other than as malformed JSON, which is
        # invalid JSON too; the cause says why.
        if isinstance(error.__cause__, RecursionError):
            reason = "it is nested too deeply"
        else:
            reason = "it must be UTF-8 encoded JSON"
        mapped: ServiceError = InvalidRequest(
            "invalid_json", f"the request body is not valid JSON: {reason}"
        )
    elif error.status_code == 404:
        mapped = NotFound(f"no such endpoint or file: {request.url.path}")
    elif error.status_code == 405:
        mapped = MethodNotAllowed(
            f"{request.method} is not allowed on {request.url.path}", headers=error.headers
        )
    else:
        mapped = ServiceError(str(error.detail), headers=error.headers)
        mapped.status_code, mapped.code = error.status_code, f"http_{error.status_code}"
    return error_response(mapped, request)


async def _unexpected_error(request: Request, error: Exception) -> JSONResponse:
    logger.exception("unexpected error on %s %s", request.method, request.url.path)
    return error_response(
        ServiceError("an unexpected error occurred; it has been logged on the server"), request
    )


def install(app: FastAPI) -> None:
    app.add_exception_handler(ServiceError, _service_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected_error)
