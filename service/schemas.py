"""Request and response bodies of the API, with the examples shown in /docs.

Request bodies are built from the settings (`request_models`) because their limits are
settings and the OpenAPI schema states them, so clients and the schema fuzzer see the limits
the running service enforces. Response bodies do not depend on settings.
"""

import unicodedata
from functools import cached_property
from itertools import islice
from typing import TYPE_CHECKING, Annotated, Any, Literal, NamedTuple

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from feedback.schema import LEVELS, MAX_NOTE_CHARS
from service.html_text import html_to_text
from service.settings import Settings

if TYPE_CHECKING:
    # Only for the annotation: the CLI imports these schemas and stays quick with `--url`
    # by not loading scikit-learn.
    from model.scorer import Scored

EXAMPLE_HEADLINE = "Is Kim Starting a War to Impress His Visiting Friend?!"
EXAMPLE_BODY = (
    "Soldiers from the North crossed the demarcation line by accident on Tuesday and returned "
    "after the South fired warning shots, the military said. Officials said the crossing "
    "appeared to be accidental: the soldiers were clearing brush and lost their way in thick "
    "forest. There was no sign of a planned incursion."
)
EXAMPLE_ARTICLE = {"id": "story-1842", "headline": EXAMPLE_HEADLINE, "body": EXAMPLE_BODY}
EXAMPLE_EVIDENCE = EXAMPLE_BODY[: EXAMPLE_BODY.index(" Officials")]
EXAMPLE_VERSION = "20250301T120000Z-1a2b3c4d"
EXAMPLE_RESULT = {
    "id": "story-1842",
    "score": 0.91,
    "level": "overstated",
    "headline_only": False,
    "model_version": EXAMPLE_VERSION,
    "explanation": {
        "headline_terms": [
            {"text": "War", "start": 18, "end": 21, "weight": 0.84},
            {"text": "Impress", "start": 25, "end": 32, "weight": 0.31},
        ],
        "reasons": [
            {
                "code": "unsupported_words",
                "message": "the body never mentions 'war', 'impress', 'friend'",
                "weight": 1.12,
            },
            {
                "code": "hedge_dropped",
                "message": "the body says 'appeared to' where the headline states it as fact",
                "weight": 0.48,
            },
            {"code": "question", "message": "the headline is framed as a question", "weight": 0.4},
        ],
        "evidence": [
            {"text": EXAMPLE_EVIDENCE, "start": 0, "end": len(EXAMPLE_EVIDENCE), "similarity": 0.12}
        ],
        "body_text": None,
        "baseline": -0.2,
    },
}


# Invisible characters: white space, and format characters such as the zero-width space (U+200B),
# joiners and the byte order mark (Unicode category Cf). A headline of only these is blank.
INVISIBLE = frozenset(
    c for c in map(chr, range(0x10000)) if c.isspace() or unicodedata.category(c) == "Cf"
)
# The schema's way of saying what `_not_blank` checks: a visible character. Spelled out, because
# `\S` in a JSON Schema pattern (ECMAScript) treats a few characters differently.
NOT_BLANK = "[^" + "".join(f"\\u{ord(c):04x}" for c in sorted(INVISIBLE)) + "]"


def is_blank(text: str) -> bool:
    return all(c in INVISIBLE for c in text)


NAMED_UNKNOWN_FIELDS = 3  # an error names this many of a request's unknown fields


class ClosedRequest(BaseModel):
    """A request's fields, or query parameters: any other is refused, all in one error.

    pydantic's own refusal (extra="forbid") gives each unknown field an error, and an 8 MB body
    of 500,000 unknown keys took a worker's event loop (FastAPI validates there) 1.3 s and more
    to report them. Kept apart instead and refused at once, naming the first few with their
    count, such a body costs about what reading its JSON costs. Validating in a thread would
    not free the loop: parsing and validating hold the GIL throughout.
    """

    model_config = ConfigDict(extra="allow")

    @model_validator(mode="after")
    def _no_unknown_fields(self) -> "ClosedRequest":
        unknown = self.__pydantic_extra__
        if unknown:
            raise PydanticCustomError(
                "unknown_fields",
                "{count} fields are not fields of this request",
                {"fields": list(islice(unknown, NAMED_UNKNOWN_FIELDS)), "count": len(unknown)},
            )
        return self

    @classmethod
    def __get_pydantic_json_schema__(cls, core_schema, handler):
        schema = handler.resolve_ref_schema(handler(core_schema))
        schema["additionalProperties"] = False  # as the validator above enforces
        return schema


class ArticleText(ClosedRequest):
    """An article's text as a client sends it, to score or to give a verdict on."""

    model_config = ConfigDict(strict=True)

    headline: str = Field(description="The headline as published; must not be blank.")
    body: str = Field(
        "",
        description="The article body. Empty or very short: scored from the headline alone "
        "(`headline_only` is then true).",
    )
    body_format: Literal["text", "html"] = Field(
        "text",
        description='"html": the body is HTML (as a CMS stores it) and is reduced to its '
        "visible text, without scripts and styles, before scoring.",
    )

    @field_validator("headline")
    @classmethod
    def _not_blank(cls, headline: str) -> str:
        if is_blank(headline):
            raise PydanticCustomError(
                "empty_headline", "the headline is empty or only invisible characters"
            )
        return headline

    @cached_property
    def body_text(self) -> str:
        """The body as the model reads it: an HTML body reduced to its visible text.

        Kept once worked out: the scorer reads it, and the result returns it for an HTML body.
        """
        return html_to_text(self.body) if self.body_format == "html" else self.body


class ArticleFields(ArticleText):
    """One article to score; the limits are added by `request_models`."""

    id: str | None = Field(None, description="Your identifier, echoed back in the result.")


class ScoringOptions(ClosedRequest):
    """The query parameters of both scoring endpoints: choices about the answer, not the article.

    Unknown parameters are refused like unknown fields, so a misspelt option is not ignored.
    """

    explain: bool = Field(
        True,
        description="false: `explanation` is null and its cost is skipped (for bulk callers "
        "that want only scores and levels).",
    )


class RequestModels(NamedTuple):
    ScoreRequest: type[ArticleFields]
    BatchRequest: type[BaseModel]


def request_models(settings: Settings) -> RequestModels:
    """Request bodies whose limits are this service's settings."""

    not_blank = {"pattern": NOT_BLANK}

    class ScoreRequest(ArticleFields):
        model_config = ConfigDict(json_schema_extra={"examples": [EXAMPLE_ARTICLE]})

        headline: str = Field(
            max_length=settings.max_headline_chars,
            json_schema_extra=not_blank,
            description=ArticleFields.model_fields["headline"].description,
        )
        body: str = Field(
            "",
            max_length=settings.max_body_chars,
            description=ArticleFields.model_fields["body"].description,
        )
        id: str | None = Field(
            None,
            max_length=settings.max_id_chars,
            description=ArticleFields.model_fields["id"].description,
        )

    class BatchRequest(ClosedRequest):
        model_config = ConfigDict(
            strict=True,
            json_schema_extra={
                "examples": [
                    {
                        "items": [
                            EXAMPLE_ARTICLE,
                            {
                                "id": "story-1843",
                                "headline": "Council approves new cycle lanes",
                                "body": "<p>The council voted on Monday to approve two new "
                                "cycle lanes.</p><script>track()</script>",
                                "body_format": "html",
                            },
                        ]
                    }
                ]
            },
        )

        items: Annotated[
            list[ScoreRequest],
            Field(
                min_length=1,
                max_length=settings.max_batch_items,
                description="The articles, scored all or none: one invalid item rejects the "
                "request, naming it as `items[index].field`.",
            ),
        ]

    return RequestModels(ScoreRequest, BatchRequest)


# Python counts a string's characters in code points; JavaScript counts UTF-16 units, two for a
# character beyond U+FFFF such as an emoji, so a browser must convert the offsets.
OFFSETS = "in Unicode code points"


class HeadlineTerm(BaseModel):
    text: str
    start: int = Field(description=f"Character offset of the word in the headline, {OFFSETS}.")
    end: int
    weight: float = Field(description="Log-odds contribution: positive raises the score.")


class Reason(BaseModel):
    code: str
    message: str
    weight: float = Field(description="Log-odds contribution: positive raises the score.")


class Evidence(BaseModel):
    text: str = Field(description="The body sentence: its characters from `start` to `end`.")
    start: int = Field(
        description="Character offset of the sentence in the body the model read, "
        f"{OFFSETS}: the body as sent, or `body_text` for an HTML body."
    )
    end: int
    similarity: float = Field(description="How closely the sentence matches the headline (0..1).")


class Explanation(BaseModel):
    headline_terms: list[HeadlineTerm]
    reasons: list[Reason]
    evidence: list[Evidence] = Field(
        description="The body sentences the headline was matched to; empty without a body."
    )
    body_text: str | None = Field(
        description="For `body_format` html, the body reduced to its visible text, which the "
        "evidence offsets count in; null for a plain-text body, whose offsets count in the "
        "body as sent."
    )
    baseline: float = Field(
        description="The log-odds before any term: baseline + headline term weights + reason "
        "weights is exactly the score's log-odds, log(score / (1 - score))."
    )


class ScoreResult(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [EXAMPLE_RESULT]})

    id: str | None
    score: float = Field(ge=0, le=1, description="How far the headline overstates the body.")
    level: Literal["faithful", "stretched", "overstated"]
    headline_only: bool = Field(description="True when there was no body to compare with.")
    model_version: str
    explanation: Explanation | None = Field(
        description="Why the score is what it is; null when the request asked `explain=false`."
    )


def score_model(article: ArticleFields, scored: "Scored") -> ScoreResult:
    """The API's object for one scored article, as the router answers and the CLI prints it.

    Built through `ScoreResult`, so both give its fields in its order and nothing it lacks.
    """
    result = scored.to_dict()
    explanation = result["explanation"]
    if explanation is not None:
        explanation["body_text"] = article.body_text if article.body_format == "html" else None
    return ScoreResult(id=article.id, **result)


def score_result(article: ArticleFields, scored: "Scored") -> dict:
    """`score_model` as a plain dict of JSON values."""
    return score_model(article, scored).model_dump(mode="json")


class BatchResult(BaseModel):
    model_version: str
    results: list[ScoreResult] = Field(description="One result per item, in the items' order.")


class WorkerServing(BaseModel):
    pid: int = Field(description="The worker process.")
    state: Literal["loading", "serving", "failed"] = Field(
        description='"failed": it could not load the model the service serves, and still '
        "serves the one it had."
    )
    model_version: str | None


EXAMPLE_WORKERS = [
    {"pid": 4711, "state": "serving", "model_version": EXAMPLE_VERSION},
    {"pid": 4712, "state": "serving", "model_version": EXAMPLE_VERSION},
]


class Thresholds(BaseModel):
    stretched: float = Field(description="Scores from here are 'stretched'.")
    overstated: float = Field(description="Scores from here are 'overstated'.")


class ThresholdsByQuestion(BaseModel):
    headline_only: Thresholds = Field(description="Levels of a score from the headline alone.")
    with_body: Thresholds = Field(description="Levels of a score read against the body.")


class DataSource(BaseModel):
    name: str
    file: str
    sha256: str | None = None


class ModelCard(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "model_version": EXAMPLE_VERSION,
                    "trained_at": "2025-03-01T12:00:00+00:00",
                    "git_commit": "4f1c2e9",
                    "model_sha256": "1a2b3c4d" + "0" * 56,
                    "data_sources": [
                        {
                            "name": "webis17",
                            "file": "instances.jsonl",
                            "sha256": "9f86d0" + "0" * 58,
                        }
                    ],
                    "data_rows": {"webis17": {"train": 13815, "test": 3892}},
                    "metrics": {"webis17_test": {"mse": 0.029, "roc_auc": 0.86}},
                    "training_cost": {"wall_seconds": 174.1, "peak_memory_mib": 1758},
                    "thresholds": {
                        "headline_only": {"stretched": 0.45, "overstated": 0.65},
                        "with_body": {"stretched": 0.4, "overstated": 0.6},
                    },
                    "environment": {"python": "3.11.7", "scikit_learn": "1.9.1"},
                    "workers": EXAMPLE_WORKERS,
                }
            ]
        }
    )

    model_version: str
    trained_at: str | None
    git_commit: str | None
    model_sha256: str | None
    data_sources: list[DataSource]
    data_rows: dict[str, Any] = Field(description="Rows used per source and split.")
    metrics: dict[str, Any] = Field(description="Held-out figures recorded at training time.")
    training_cost: dict[str, Any] = Field(description="Wall time and peak memory of training.")
    thresholds: ThresholdsByQuestion
    environment: dict[str, str] = Field(description="Library versions the model was built with.")
    workers: list[WorkerServing] = Field(
        description="What each worker process of the service serves: one version, except for "
        "a moment during a reload."
    )


class Live(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"status": "live"}]})

    status: Literal["live"]


class Ready(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"status": "ready", "model_version": EXAMPLE_VERSION}]}
    )

    status: Literal["ready"]
    model_version: str


class Reloaded(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "model_version": EXAMPLE_VERSION,
                    "previous_version": "20250214T090000Z-9e8d7c6b",
                    "converged": True,
                    "workers": EXAMPLE_WORKERS,
                }
            ]
        }
    )

    model_version: str
    previous_version: str | None
    converged: bool = Field(
        description="Every worker serves `model_version` (always true in a 200)."
    )
    workers: list[WorkerServing]


class ErrorDetail(BaseModel):
    code: str = Field(description="Stable, machine-readable: e.g. empty_headline, too_long.")
    message: str
    field: str | None = Field(None, description='The request field at fault, e.g. "items[3].body".')


class ErrorResponse(BaseModel):
    error: ErrorDetail


def error_example(status_description: str, code: str, message: str, field: str | None = None):
    """An OpenAPI `responses` entry for one error status."""
    detail = {"code": code, "message": message, **({"field": field} if field else {})}
    return {
        "model": ErrorResponse,
        "description": status_description,
        "content": {"application/json": {"example": {"error": detail}}},
    }


UNAUTHORIZED = {
    401: error_example(
        "API keys are set and the request has no valid `Authorization: Bearer <key>`",
        "unauthorized",
        "missing or invalid API key: send Authorization: Bearer <key>",
    )
}
SCORING_ERRORS = {
    **UNAUTHORIZED,
    413: error_example(
        "The request is over the size limit (10 MiB by default)",
        "request_too_large",
        "the request body is over the limit of 10,485,760 bytes",
    ),
    422: error_example(
        "Invalid JSON, a wrong type, an unknown or missing field, a blank headline, or a "
        "field over its limit",
        "empty_headline",
        "items[3].headline is empty or only whitespace",
        "items[3].headline",
    ),
    503: error_example(
        "No model is loaded yet, or the request used more than its CPU-time budget",
        "over_budget",
        "the request used more than its 10 s of CPU time and was stopped; send fewer or "
        "shorter articles",
    ),
}


Level = Literal[LEVELS]
EXAMPLE_VERDICT = {
    "headline": EXAMPLE_HEADLINE,
    "body": EXAMPLE_BODY,
    "verdict": "overstated",
    "score_shown": 0.91,
    "level_shown": "overstated",
    "model_version": EXAMPLE_VERSION,
    "article_id": "story-1842",
    "editor": "desk-7f3a",
    "note": "The body says the crossing was an accident.",
}
EXAMPLE_STORED = {
    "id": "0b5e8a4c-3f1d-4c2a-9e7b-6d5f4a3b2c1d",
    "received_at": "2025-03-02T09:14:03.201+00:00",
}


def feedback_request(settings: Settings) -> type[ArticleText]:
    """The body of POST /v1/feedback, with this service's limits."""

    class FeedbackRequest(ArticleText):
        model_config = ConfigDict(json_schema_extra={"examples": [EXAMPLE_VERDICT]})

        headline: str = Field(
            max_length=settings.max_headline_chars,
            json_schema_extra={"pattern": NOT_BLANK},
            description="The headline the verdict is about; must not be blank.",
        )
        body: str = Field(
            "",
            max_length=settings.max_body_chars,
            description="The article body (stored, as its visible text, for retraining only).",
        )
        verdict: Level = Field(description="The level the editor says the headline deserves.")
        score_shown: float | None = Field(
            None, ge=0, le=1, description="The score the editor saw, if any."
        )
        level_shown: Level | None = Field(
            None,
            description="The level the editor saw. When omitted, it is worked out from "
            "score_shown if model_version is the model this service is serving.",
        )
        model_version: str | None = Field(
            None, max_length=settings.max_id_chars, description="The model that gave that score."
        )
        article_id: str | None = Field(
            None,
            max_length=settings.max_id_chars,
            description="Your article's identifier; with it, 'the same article' means the same "
            "id, otherwise the same headline and body text.",
        )
        editor: str | None = Field(
            None,
            max_length=settings.max_id_chars,
            description="An opaque identifier of the editor (not a name). The same editor's "
            "same verdict on the same article is stored once.",
        )
        note: str | None = Field(
            None, max_length=MAX_NOTE_CHARS, description="Why, in the editor's words."
        )

    return FeedbackRequest


class FeedbackStored(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [EXAMPLE_STORED]})

    id: str
    received_at: str = Field(description="When the verdict was first stored (ISO 8601, UTC).")


EXAMPLE_ITEM = {
    **EXAMPLE_STORED,
    **{k: v for k, v in EXAMPLE_VERDICT.items() if k != "body_format"},
}


class FeedbackItem(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [EXAMPLE_ITEM]})

    id: str
    received_at: str
    headline: str
    body: str = Field(description="The body as the model reads it (an HTML body's visible text).")
    verdict: Level
    score_shown: float | None
    level_shown: Level | None
    model_version: str | None
    article_id: str | None
    editor: str | None
    note: str | None


class FeedbackPage(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"items": [EXAMPLE_ITEM], "next_cursor": "128"}]}
    )

    items: list[FeedbackItem] = Field(description="Oldest first.")
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page; null: last.")
