"""The in-run limit: a bare FastAPI app that answers every score request with a constant."""

from fastapi import FastAPI

app = FastAPI()

CONSTANT = {"id": None, "score": 0.5, "level": "stretched", "headline_only": False}


@app.post("/v1/score")
async def score() -> dict:
    return CONSTANT


@app.post("/v1/score/batch")
async def score_batch() -> dict:
    return {"results": [CONSTANT]}


@app.get("/health/ready")
async def ready() -> dict:
    return {"status": "ready"}
