"""The verdicts table."""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None


def upgrade() -> None:
    op.create_table(
        "verdicts",
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("id", sa.String(36), nullable=False, unique=True),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("headline", sa.Text, nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("verdict", sa.String(16), nullable=False),
        sa.Column("score_shown", sa.Float),
        sa.Column("level_shown", sa.String(16)),
        sa.Column("model_version", sa.String(200)),
        sa.Column("article_id", sa.String(200)),
        sa.Column("editor", sa.String(200)),
        sa.Column("note", sa.Text),
        sa.Column("article_key", sa.String(80), nullable=False),
        sa.Column("idempotency_key", sa.String(200), unique=True),
        sa.Column("request_sha256", sa.String(64), nullable=False),
        sa.UniqueConstraint(
            "editor", "article_key", "verdict", name="one_verdict_per_editor_article"
        ),
    )
    op.create_index("verdicts_received_at", "verdicts", ["received_at"])


def downgrade() -> None:
    op.drop_table("verdicts")
