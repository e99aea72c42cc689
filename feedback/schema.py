"""The verdicts table. A change here goes with a new revision in migrations/versions/."""

from sqlalchemy import (
    Column,
    DateTime,
    Float,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

LEVELS = ("faithful", "stretched", "overstated")
MAX_NOTE_CHARS = 2_000

metadata = MetaData()

verdicts = Table(
    "verdicts",
    metadata,
    # The order of arrival, for paging; `id` is what clients see.
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("id", String(36), nullable=False, unique=True),
    Column("received_at", DateTime(timezone=True), nullable=False),
    Column("headline", Text, nullable=False),
    Column("body", Text, nullable=False),
    Column("verdict", String(16), nullable=False),
    Column("score_shown", Float),
    Column("level_shown", String(16)),
    Column("model_version", String(200)),
    Column("article_id", String(200)),
    Column("editor", String(200)),
    Column("note", Text),
    # What "the same article" means for the dedupe rule: see store.article_key.
    Column("article_key", String(80), nullable=False),
    Column("idempotency_key", String(200), unique=True),
    Column("request_sha256", String(64), nullable=False),
    # NULL editors are distinct in a unique constraint: anonymous verdicts are never merged.
    UniqueConstraint("editor", "article_key", "verdict", name="one_verdict_per_editor_article"),
    Index("verdicts_received_at", "received_at"),
)
