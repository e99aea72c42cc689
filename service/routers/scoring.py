"""POST /v1/score and /v1/score/batch: translate JSON to `Article`s and `Scored` back to JSON."""

from typing import Annotated

from fastapi import APIRouter, Query

from model.scorer import Article, InvalidArticle, Scored
from service.dependencies import ScorerDep
from service.errors import InvalidRequest
from service.schemas import (
    EXAMPLE_RESULT,
    EXAMPLE_VERSION,
    SCORING_ERRORS,
    ArticleFields,
    BatchResult,
    RequestModels,
    ScoreResult,
    ScoringOptions,
    score_result,
)
from service.serving import SharedScorer


def to_article(item: ArticleFields) -> Article:
    return Article(headline=item.headline, body=item.body_text)


OptionsQuery = Annotated[ScoringOptions, Query()]


def score_all(scorer: SharedScorer, items: list[ArticleFields], explain: bool) -> list[Scored]:
    try:
        return scorer.score_batch([to_article(item) for item in items], explain=explain)
    except InvalidArticle as error:
        raise InvalidRequest("invalid_article", str(error)) from error


def build_router(models: RequestModels) -> APIRouter:
    """The scoring endpoints for request bodies with this service's limits."""
    router = APIRouter(prefix="/v1", tags=["scoring"])

    @router.post(
        "/score",
        response_model=ScoreResult,
        summary="Score one article",
        responses={
            200: {"content": {"application/json": {"example": EXAMPLE_RESULT}}},
            **SCORING_ERRORS,
        },
    )
    def score(article: models.ScoreRequest, scorer: ScorerDep, options: OptionsQuery) -> dict:
        """How far the headline overstates the body, its level, and the reasons why."""
        (scored,) = score_all(scorer, [article], options.explain)
        return score_result(article, scored)

    @router.post(
        "/score/batch",
        response_model=BatchResult,
        summary="Score up to the batch limit of articles at once",
        responses={
            200: {
                "content": {
                    "application/json": {
                        "example": {"model_version": EXAMPLE_VERSION, "results": [EXAMPLE_RESULT]}
                    }
                }
            },
            **SCORING_ERRORS,
        },
    )
    def score_batch(batch: models.BatchRequest, scorer: ScorerDep, options: OptionsQuery) -> dict:
        """One result per item, in order, all from the same model version."""
        scored = score_all(scorer, batch.items, options.explain)
        return {
            "model_version": scorer.model_version,
            "results": [
                score_result(item, one) for item, one in zip(batch.items, scored, strict=True)
            ],
        }

    return router
