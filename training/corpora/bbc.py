"""BBC News (2004-05): sober headlines by professional editors over their articles."""

from pathlib import Path

from training.corpora.common import (
    NewsArticle,
    clean_body,
    clean_text,
    first_of_each_body,
    read_jsonl,
    resolve_data_dir,
)

ARTICLES = "bbc/articles.jsonl.gz"
FILES = (ARTICLES,)


def load(data_dir: str | Path) -> list[NewsArticle]:
    """BBC News articles, the first of each duplicated body."""
    articles = (
        NewsArticle(
            id=row["file"],
            title=clean_text(row["title"]),
            body=clean_body(row["body"].split("\n")),
            source="bbc",
        )
        for row in read_jsonl(resolve_data_dir(data_dir), ARTICLES)
    )
    return first_of_each_body(articles)
