"""What endpoints depend on, as typed aliases: the model holder, the scorer; and the API key."""

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPBearer

from service.budget import CpuBudget
from service.errors import NotReady
from service.fleet import Worker
from service.serving import ModelHolder, SharedScorer

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
