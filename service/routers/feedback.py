"""POST, GET /v1/feedback and DELETE /v1/feedback/{id}: editors' verdicts, kept in the database.

The endpoints are plain `def`: FastAPI runs them in its thread pool, so a database write never
blocks the event loop (and scoring requests go on while one waits for a lock or an fsync).
"""

import logging
from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Header, Path, Query, Request, Response

from feedback.database import DatabaseUnavailable
from feedback.store import IdempotencyConflict, NewVerdict, Verdict, VerdictStore
from service.dependencies import BudgetDep, HolderDep
from service.errors import DatabaseDown, IdempotencyKeyReused, InvalidRequest, NotFound
from service.html_text import TooDeep
from service.schemas import (
    EXAMPLE_ITEM,
    EXAMPLE_STORED,
    SCORING_ERRORS,
    UNAUTHORIZED,
    ArticleText,
    FeedbackPage,
    FeedbackStored,
    error_example,
)
from service.serving import ModelHolder

MAX_PAGE = 1_000
logger = logging.getLogger("hypegap.feedback")
DATABASE_DOWN = {
    503: error_example(
        "The feedback database is unreachable or misconfigured (scoring still works)",
        "database_unavailable",
        "sqlite:///var/feedback.sqlite3: unable to open database file",
    )
}


def prepare(store: VerdictStore) -> None:
    """Create or upgrade the schema at start-up; a database that is down disables only feedback.

    The store tries again on every use, so feedback comes back when the database does.
    """
    try:
        store.ensure_schema()
    except DatabaseUnavailable as error:
        logger.warning("feedback is unavailable until the database answers: %s", error)


async def get_store(request: Request) -> VerdictStore:
    return request.app.state.verdicts


StoreDep = Annotated[VerdictStore, Depends(get_store)]


def level_shown(item, holder: ModelHolder) -> str | None:
    """What the editor saw: as sent, else the served model's level for the score shown."""
    if item.level_shown is not None or item.score_shown is None:
        return item.level_shown
    served = holder.current
    if served is None or item.model_version != served.model_version:
        return None
    return served.scorer.level(item.score_shown)


def agreement(verdict: Verdict) -> str:
    if verdict.level_shown is None:
        return "unknown"
    return "agreed" if verdict.level_shown == verdict.verdict else "disagreed"


def stored(verdict: Verdict) -> dict:
    return {"id": verdict.id, "received_at": verdict.received_at.isoformat()}


def build_router(feedback_request: type[ArticleText]) -> APIRouter:
    """The feedback endpoints for request bodies with this service's limits."""
    router = APIRouter(prefix="/v1/feedback", tags=["feedback"])

    @router.post(
        "",
        status_code=201,
        response_model=FeedbackStored,
        summary="Record an editor's verdict on an article",
        responses={
            200: {
                "model": FeedbackStored,
                "description": "The same editor's same verdict on this article was stored "
                "before: its id, nothing new stored",
            },
            201: {
                "description": "Stored (committed to disk), or a retry of a request with the "
                "same Idempotency-Key that was",
                "content": {"application/json": {"example": EXAMPLE_STORED}},
            },
            409: error_example(
                "The Idempotency-Key was used before for a different verdict",
                "idempotency_key_reused",
                "this Idempotency-Key was used for a different verdict",
            ),
            **SCORING_ERRORS,
            **DATABASE_DOWN,
        },
    )
    def post_feedback(
        item: feedback_request,
        request: Request,
        response: Response,
        store: StoreDep,
        holder: HolderDep,
        budget: BudgetDep,
        idempotency_key: Annotated[
            str | None,
            Header(
                max_length=200,
                description="Any unique string per verdict: a retry with the same key "
                "answers with the verdict the first request stored, and stores nothing new.",
            ),
        ] = None,
    ) -> dict:
        """Answers once the verdict is durably stored; see the README for the dedupe rule."""
        with budget.limit():  # an HTML body is reduced to text as scoring reduces it
            try:
                body = item.body_text
            except TooDeep as error:
                raise InvalidRequest("too_deep", f"body: {error}", "body") from error
        new = NewVerdict(
            headline=item.headline,
            body=body,
            verdict=item.verdict,
            score_shown=item.score_shown,
            level_shown=level_shown(item, holder),
            model_version=item.model_version,
            article_id=item.article_id,
            editor=item.editor,
            note=item.note,
        )
        try:
            added = store.add(new, idempotency_key=idempotency_key)
        except IdempotencyConflict:
            raise IdempotencyKeyReused(
                "this Idempotency-Key was used for a different verdict", "Idempotency-Key"
            ) from None
        except DatabaseUnavailable as error:
            raise DatabaseDown(f"the feedback database is unavailable: {error}") from error
        if added.outcome == "stored":
            request.app.state.metrics.verdicts.labels(new.verdict, agreement(added.verdict)).inc()
        elif added.outcome == "duplicate":
            response.status_code = 200
        return stored(added.verdict)

    @router.get(
        "",
        response_model=FeedbackPage,
        summary="Page through the stored verdicts, oldest first",
        responses={
            200: {
                "content": {
                    "application/json": {
                        "example": {
                            "items": [EXAMPLE_ITEM],
                            "next_cursor": "128",
                        }
                    }
                }
            },
            **UNAUTHORIZED,
            422: error_example(
                "A limit out of range, a cursor that is not one this endpoint gives, or a time "
                "that is not ISO 8601",
                "invalid_value",
                "limit: Input should be less than or equal to 1000",
                "limit",
            ),
            **DATABASE_DOWN,
        },
    )
    def list_feedback(
        store: StoreDep,
        limit: Annotated[int, Query(ge=1, le=MAX_PAGE, description="Verdicts per page.")] = 100,
        cursor: Annotated[
            str | None,
            Query(pattern="^[0-9]{1,18}$", description="The previous page's next_cursor."),
        ] = None,
        since: Annotated[
            datetime | None,
            Query(description="Only verdicts received at or after this time (ISO 8601)."),
        ] = None,
    ) -> dict:
        after = int(cursor) if cursor is not None else 0
        if since is not None and since.tzinfo is None:
            since = since.replace(tzinfo=UTC)
        try:
            items, last = store.page(limit, after_seq=after, since=since)
        except DatabaseUnavailable as error:
            raise DatabaseDown(f"the feedback database is unavailable: {error}") from error
        return {
            "items": [item.to_json() for item in items],
            "next_cursor": str(last) if last is not None else None,
        }

    @router.delete(
        "/{verdict_id}",
        status_code=204,
        summary="Delete one verdict (and the article text stored with it)",
        responses={
            **UNAUTHORIZED,
            404: error_example(
                "No verdict has this id", "not_found", f"no verdict with id {EXAMPLE_STORED['id']}"
            ),
            422: error_example(
                "The id is longer than any id this service gives",
                "too_long",
                "verdict_id is longer than the limit of 36 characters",
                "verdict_id",
            ),
            **DATABASE_DOWN,
        },
    )
    def delete_feedback(
        verdict_id: Annotated[str, Path(max_length=36, description="The id POST answered.")],
        store: StoreDep,
    ) -> Response:
        try:
            deleted = store.delete(verdict_id)
        except DatabaseUnavailable as error:
            raise DatabaseDown(f"the feedback database is unavailable: {error}") from error
        if not deleted:
            raise NotFound(f"no verdict with id {verdict_id}")
        return Response(status_code=204)

    return router
