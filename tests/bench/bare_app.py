"""The in-run limit: a bare FastAPI app that parses the service's own request models, no model.

Each request is read into the same pydantic models with the same limits as the service's
(`service.schemas.request_models`), then answered with a constant result per article. The
endpoints are `async def`, the cheapest way FastAPI can answer: nothing else runs.
"""

from fastapi import FastAPI

from service.schemas import request_models
from service.settings import Settings

MODELS = request_models(Settings())
RESULT = {"score": 0.5, "level": "stretched", "headline_only": False, "model_version": "bare"}

app = FastAPI()


@app.post("/v1/score")
async def score(article: MODELS.ScoreRequest) -> dict:
    return {"id": article.id, **RESULT, "explanation": None}


@app.post("/v1/score/batch")
async def score_batch(batch: MODELS.BatchRequest) -> dict:
    return {
        "model_version": "bare",
        "results": [{"id": item.id, **RESULT, "explanation": None} for item in batch.items],
    }


@app.get("/health/ready")
async def ready() -> dict:
    return {"status": "ready"}
