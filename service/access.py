"""Who may call /v1, and how often: decided from the request's headers, before its body is read.

Checking before the body is read means a client without a key cannot make a worker hold a
9 MiB upload, and an over-eager client is refused before it costs anything but the headers.

- API keys (when set): `Authorization: Bearer <key>`, else 401. Keys are compared as SHA-256
  digests with `hmac.compare_digest`, against every key, so the time taken says nothing about
  how much of a key was right or which key matched.
- Without keys, `/v1/admin/*` answers only requests from this machine (loopback), else 403.
- Rate limit (when `rate_limit` > 0): a token bucket per API key, or per client address without
  keys, refilled at `rate_limit` per second up to `rate_burst`; over it, 429 with Retry-After.
  Buckets live in each worker process: see the README for what that means with several workers.

Health, metrics, the page and the docs are outside /v1, so none of this applies to them.
"""

import hashlib
import hmac
import ipaddress
import math
import threading
import time

from starlette.types import ASGIApp, Receive, Scope, Send

from service.errors import (
    ERROR_CODE_STATE,
    Forbidden,
    RateLimited,
    ServiceError,
    Unauthorized,
    error_response,
)

GUARDED_PREFIX = "/v1/"
ADMIN_PREFIX = "/v1/admin/"
MAX_BUCKETS = 10_000  # idle clients' buckets are dropped past this many


def key_digests(keys: list[str]) -> list[bytes]:
    return [hashlib.sha256(key.encode()).digest() for key in keys]


def bearer_token(headers: list[tuple[bytes, bytes]]) -> str | None:
    for name, value in headers:
        if name == b"authorization":
            scheme, _, token = value.decode("latin-1").partition(" ")
            return (token.strip() or None) if scheme.lower() == "bearer" else None
    return None


def is_loopback(host: str | None) -> bool:
    try:
        return host is not None and ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class TokenBuckets:
    """One token bucket per client: `rate` tokens a second, at most `burst` saved up."""

    def __init__(self, rate: float, burst: int):
        self.rate = rate
        self.burst = burst
        self._buckets: dict[str, tuple[float, float]] = {}  # client -> (tokens, at)
        self._lock = threading.Lock()

    def take(self, client: str) -> float:
        """Take a token for `client`: 0 if it had one, else the seconds until it will."""
        now = time.monotonic()
        with self._lock:
            tokens, at = self._buckets.get(client, (self.burst, now))
            tokens = min(self.burst, tokens + (now - at) * self.rate)
            if tokens >= 1:
                self._buckets[client] = (tokens - 1, now)
                if len(self._buckets) > MAX_BUCKETS:
                    self._forget_full(now)
                return 0.0
            self._buckets[client] = (tokens, now)
            return (1 - tokens) / self.rate

    def _forget_full(self, now: float) -> None:
        """Drop the buckets that have refilled: forgetting them changes nothing."""
        full_after = self.burst / self.rate
        self._buckets = {
            client: (tokens, at)
            for client, (tokens, at) in self._buckets.items()
            if now - at < full_after
        }


class AccessControl:
    def __init__(
        self, app: ASGIApp, api_keys: list[str], rate_limit: float, rate_burst: int, metrics
    ):
        self.app = app
        self.digests = key_digests(api_keys)
        self.buckets = TokenBuckets(rate_limit, rate_burst) if rate_limit > 0 else None
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(GUARDED_PREFIX):
            await self.app(scope, receive, send)
            return
        try:
            client = self._admit(scope)
            if self.buckets is not None:
                wait = self.buckets.take(client)
                if wait > 0:
                    self.metrics.rate_limited.inc()
                    retry_after = max(1, math.ceil(wait))
                    raise RateLimited(
                        f"too many requests: the limit is {self.buckets.rate:g} per second "
                        f"(bursts of {self.buckets.burst}); retry in {retry_after} s",
                        headers={"Retry-After": str(retry_after)},
                    )
        except ServiceError as error:
            scope.setdefault("state", {})[ERROR_CODE_STATE] = error.code
            await error_response(error)(scope, receive, send)
            return
        await self.app(scope, receive, send)

    def _admit(self, scope: Scope) -> str:
        """Who the client is (for its rate limit), or Unauthorized / Forbidden."""
        host = scope["client"][0] if scope.get("client") else None
        if self.digests:
            token = bearer_token(scope["headers"])
            if token is None:
                raise Unauthorized("missing API key: send Authorization: Bearer <key>")
            presented = hashlib.sha256(token.encode()).digest()
            matches = [hmac.compare_digest(presented, digest) for digest in self.digests]
            if not any(matches):
                raise Unauthorized("invalid API key")
            return "key:" + presented.hex()
        if scope["path"].startswith(ADMIN_PREFIX) and not is_loopback(host):
            raise Forbidden(
                "admin endpoints need API keys (HYPEGAP_API_KEYS) or a request from this machine"
            )
        return f"address:{host}"
