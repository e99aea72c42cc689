"""POST /v1/score and /v1/score/batch: translate JSON to `Article`s and `Scored` back to JSON."""

from typing import Annotated

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel

from model.scorer import Article, InvalidArticle, Scored
from service.budget import CpuBudget
from service.dependencies import BudgetDep, ScorerDep
from service.errors import InvalidRequest
from service.html_text import TooDeep
from service.schemas import (
    EXAMPLE_RESULT,
    EXAMPLE_VERSION,
    SCORING_ERRORS,
    ArticleFields,
    BatchResult,
    RequestModels,
    ScoreResult,
    ScoringOptions,
    score_model,
)
from service.serving import SharedScorer


def to_article(item: ArticleFields, field: str) -> Article:
    try:
        return Article(headline=item.headline, body=item.body_text)
    except TooDeep as error:
        raise InvalidRequest("too_deep", f"{field}: {error}", field) from error


OptionsQuery = Annotated[ScoringOptions, Query()]


def json_response(content: BaseModel) -> Response:
    """`content`, checked when its response model was built, serialised once and sent as it is.
    Returned as a dict, FastAPI would check it again, and for a plain `def` endpoint it does so
    in the thread pool: a second hand-off between threads for every request."""
    return Response(content.model_dump_json(), media_type="application/json")


def score_all(
    scorer: SharedScorer,
    budget: CpuBudget,
    items: list[ArticleFields],
    fields: list[str],
    explain: bool,
) -> list[Scored]:
    """Reduce and score the items within the request's CPU-time budget."""
    with budget.limit():
        articles = [to_article(item, field) for item, field in zip(items, fields, strict=True)]
        try:
            return scorer.score_batch(articles, explain=explain)
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
    def score(
        article: models.ScoreRequest, scorer: ScorerDep, budget: BudgetDep, options: OptionsQuery
    ) -> Response:
        """How far the headline overstates the body, its level, and the reasons why."""
        (scored,) = score_all(scorer, budget, [article], ["body"], options.explain)
        return json_response(score_model(article, scored))

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
    def score_batch(
        batch: models.BatchRequest, scorer: ScorerDep, budget: BudgetDep, options: OptionsQuery
    ) -> Response:
        """One result per item, in order, all from the same model version."""
        fields = [f"items[{index}].body" for index in range(len(batch.items))]
        scored = score_all(scorer, budget, batch.items, fields, options.explain)
        results = [score_model(item, one) for item, one in zip(batch.items, scored, strict=True)]
        return json_response(BatchResult(model_version=scorer.model_version, results=results))

    return router
