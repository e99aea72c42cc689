"""Alembic migrations of the verdicts table, run by `feedback.database.upgrade` at start-up.

A schema change is a new file in versions/ (copy the last one: its `down_revision` is the last
one's `revision`) that moves the tables from the previous revision to what schema.py declares.
"""
