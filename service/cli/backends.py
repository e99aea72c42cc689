"""Where the scoring happens: the model loaded in this process, or a running service over HTTP.

Both take articles of the API's kind (`ArticleFields`) and answer with the API's result objects,
with or without explanations as the command line asked (`--no-explain`), so a command does not
care which one it has.
"""

import argparse
import os
from pathlib import Path
from typing import Protocol

import httpx
from pydantic import ValidationError

from service.cli.errors import CliError, ItemRejected
from service.schemas import ArticleFields, request_models, score_result
from service.settings import Settings

REQUEST_TIMEOUT_SECONDS = 120.0


class Backend(Protocol):
    articles: type[ArticleFields]
    """What this backend takes for a valid article, limits included."""

    def score_one(self, article: ArticleFields) -> dict: ...

    def score_batch(self, articles: list[ArticleFields]) -> list[dict]: ...


def options() -> argparse.ArgumentParser:
    """The options that choose the backend, as a parent parser for the commands that score."""
    source = argparse.ArgumentParser(add_help=False)
    where = source.add_argument_group("where the scoring happens")
    add_model_option(where)
    where.add_argument(
        "--url",
        help="send the articles to a running hypegap service, e.g. http://127.0.0.1:8000, "
        "instead of loading the model here",
    )
    where.add_argument(
        "--api-key",
        default=os.environ.get("HYPEGAP_API_KEY"),
        help="API key for --url, sent as a Bearer token (default: $HYPEGAP_API_KEY)",
    )
    source.add_argument(
        "--no-explain",
        dest="explain",
        action="store_false",
        help="scores and levels only: the explanation is null and its cost is skipped",
    )
    return source


def add_model_option(group: argparse._ArgumentGroup) -> None:
    group.add_argument(
        "--model",
        metavar="DIR",
        help="model artifact folder to load (default: the service's model_dir setting, "
        "$HYPEGAP_MODEL_DIR, else artifacts/current)",
    )


def open_backend(args: argparse.Namespace) -> Backend:
    if args.url:
        return ServiceBackend(args.url, args.api_key, args.explain)
    settings = service_settings()
    return LocalBackend(
        args.model or settings.model_dir, request_models(settings).ScoreRequest, args.explain
    )


class LocalBackend:
    """Scores with the model artifact in `model_dir`, loaded once, articles within `articles`.

    `articles` holds them to the service's limits, so that what scores here scores there too.
    """

    def __init__(self, model_dir: str | Path, articles: type[ArticleFields], explain: bool = True):
        self.articles = articles
        self._explain = explain
        # Imported here so that `--url`, `--help` and the pass-through commands stay quick.
        from model.artifact import ArtifactError
        from model.scorer import Scorer

        try:
            self._scorer = Scorer.load(model_dir)
        except ArtifactError as error:
            raise CliError(str(error)) from None

    @property
    def model_version(self) -> str:
        return self._scorer.model_version

    def score_one(self, article: ArticleFields) -> dict:
        return self.score_batch([article])[0]

    def score_batch(self, articles: list[ArticleFields]) -> list[dict]:
        from model.scorer import Article, InvalidArticle

        try:
            scored = self._scorer.score_batch(
                [Article(a.headline, a.body_text) for a in articles], explain=self._explain
            )
        except InvalidArticle as error:
            raise ItemRejected(str(error)) from None
        return [score_result(a, one) for a, one in zip(articles, scored, strict=True)]


class ServiceBackend:
    """Sends articles to a running hypegap service: `/v1/score` and `/v1/score/batch`."""

    # The service holds articles to its own limits, and refuses one over them with a 422.
    articles = ArticleFields

    def __init__(self, url: str, api_key: str | None, explain: bool = True):
        self._url = url.rstrip("/")
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self._client = httpx.Client(
            base_url=self._url,
            headers=headers,
            params={"explain": str(explain).lower()},
            timeout=REQUEST_TIMEOUT_SECONDS,
        )

    def score_one(self, article: ArticleFields) -> dict:
        return self._post("/v1/score", article.model_dump())

    def score_batch(self, articles: list[ArticleFields]) -> list[dict]:
        items = [article.model_dump() for article in articles]
        return self._post("/v1/score/batch", {"items": items})["results"]

    def _post(self, path: str, payload: dict) -> dict:
        try:
            response = self._client.post(path, json=payload)
        except httpx.HTTPError as error:
            raise CliError(f"cannot reach the service at {self._url}: {error}") from None
        if response.status_code == 200:
            return response.json()
        message = service_error_message(response)
        if response.status_code in (413, 422):
            raise ItemRejected(message)
        if response.status_code == 401:
            raise CliError(
                f"the service at {self._url} refused the request (401: {message}): "
                "pass --api-key or set HYPEGAP_API_KEY"
            )
        raise CliError(f"the service at {self._url} answered {response.status_code}: {message}")


def service_error_message(response: httpx.Response) -> str:
    """The message of the API's `{"error": {"code", "message", "field"?}}` body, or its text."""
    try:
        error = response.json()["error"]
        field = f" (field {error['field']})" if error.get("field") else ""
        return f"{error['message']}{field}"
    except (ValueError, KeyError, TypeError):
        return response.text.strip()[:200] or response.reason_phrase


def service_settings() -> Settings:
    """The service's settings, so the command loads the service's model with its limits."""
    try:
        return Settings()
    except ValidationError as error:
        first = error.errors()[0]
        setting = f"HYPEGAP_{str(first['loc'][0]).upper()}" if first["loc"] else "settings"
        raise CliError(f"the service settings are invalid: {setting}: {first['msg']}") from None
    except ValueError as error:
        raise CliError(f"the service settings are invalid: {error}") from None
