"""Articles the CLI reads, held to the API's definition of a valid one (`ArticleFields`).

What an article is (its fields and their types, no blank headline, the limits) is defined once,
in service/schemas.py; here it is only told in the CLI's words, `field 'body' must be a string,
got an array`, which `score-file` prefixes with `file:line:` and `score-archive` writes to its
rejects with the file and line. A record may carry fields that are
not the article's (a CMS export's `url` or `section`): they are left out, where the API, whose
requests hold nothing but articles, refuses them.
"""

import json

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from service.schemas import ArticleFields

FIELD = "field '{}'"


def article_from(
    record: dict, model: type[ArticleFields], name: str = FIELD, default_id: str | None = None
) -> ArticleFields:
    """The article in `record`, or ValueError saying what is wrong with it, a field named `name`.

    An article without an id gets `default_id` (where it was read from, e.g. its line number).
    """
    fields = {key: value for key, value in record.items() if key in model.model_fields}
    try:
        article = model.model_validate(fields)
    except ValidationError as error:
        raise ValueError(problem(error.errors()[0], name)) from None
    if article.id is None and default_id is not None:
        return article.model_copy(update={"id": default_id})
    return article


def record_from_line(raw: bytes) -> dict:
    """The JSON object on one line of a JSONL file, or ValueError saying what is wrong with it."""
    try:
        record = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise ValueError("not UTF-8 text") from None
    except json.JSONDecodeError as error:
        raise ValueError(f"invalid JSON: {error.msg} (column {error.colno})") from None
    if not isinstance(record, dict):
        raise ValueError(f"expected a JSON object, got {json_type(record)}")
    return record


def problem(error: ErrorDetails, name: str) -> str:
    field = name.format(".".join(map(str, error["loc"])))
    kind = error["type"]
    if kind == "missing":
        return f"missing {field}"
    if kind == "empty_headline":
        return f"{field} is empty"
    if kind == "string_type":
        return f"{field} must be a string, got {json_type(error['input'])}"
    if kind == "string_too_long":
        return f"{field} is longer than the limit of {error['ctx']['max_length']:,} characters"
    return f"{field}: {error['msg']}"


def json_type(value) -> str:
    names = {dict: "an object", list: "an array", str: "a string", bool: "true/false"}
    if value is None:
        return "null"
    if isinstance(value, int | float) and not isinstance(value, bool):
        return "a number"
    return names[type(value)]
