"""What endpoints depend on, as typed aliases: the model holder, the scorer; and the API key."""

import hashlib
import hmac
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from service.budget import CpuBudget
from service.errors import NotReady, Unauthorized
from service.fleet import Worker
from service.serving import ModelHolder, SharedScorer
from service.settings import Settings

# Where the scoring model's version travels to the access log and the metrics labels.
MODEL_VERSION_STATE = "model_version"

bearer = HTTPBearer(
    auto_error=False,
    description="Needed on /v1 endpoints when the service has API keys (HYPEGAP_API_KEYS).",
)


# Dependencies are `async def` so that FastAPI runs them on the event loop instead of paying a
# thread hop for a dictionary lookup.
async def get_holder(request: Request) -> ModelHolder:
    return request.app.state.holder


async def get_scorer(request: Request) -> SharedScorer:
    """The model serving this request, kept for the whole request even if a reload happens."""
    shared = request.app.state.holder.current
    if shared is None:
        raise NotReady("no model is loaded")
    setattr(request.state, MODEL_VERSION_STATE, shared.model_version)
    return shared


async def get_worker(request: Request) -> Worker:
    return request.app.state.worker


async def get_budget(request: Request) -> CpuBudget:
    return request.app.state.budget


HolderDep = Annotated[ModelHolder, Depends(get_holder)]
ScorerDep = Annotated[SharedScorer, Depends(get_scorer)]
BudgetDep = Annotated[CpuBudget, Depends(get_budget)]
WorkerDep = Annotated[Worker, Depends(get_worker)]


def key_digests(settings: Settings) -> list[bytes]:
    return [hashlib.sha256(key.get_secret_value().encode()).digest() for key in settings.api_keys]


async def require_api_key(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> None:
    """With API keys set, a request needs one of them; compared in constant time.

    Digests of equal length are compared, and every key is compared, so the time taken says
    nothing about how much of a key was right or which key matched.
    """
    digests: list[bytes] = request.app.state.api_key_digests
    if credentials is None:
        raise Unauthorized("missing API key: send Authorization: Bearer <key>")
    presented = hashlib.sha256(credentials.credentials.encode()).digest()
    matches = [hmac.compare_digest(presented, digest) for digest in digests]
    if not any(matches):
        raise Unauthorized("invalid API key")
