"""Alembic's entry point: migrate on the connection `feedback.database.upgrade` hands over.

That connection is already inside the transaction that holds the migration lock, so Alembic
runs in it and commits nothing itself.
"""

from alembic import context

from feedback.schema import metadata

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=connection.dialect.name == "sqlite",  # SQLite alters tables by copying
)
with context.begin_transaction():
    context.run_migrations()
