"""Editors' verdicts on scored articles: their table, its migrations and the store that keeps them.

Its own package because two sides use it: the service writes verdicts (`POST /v1/feedback`) and
training reads them (`training/corpora/verdicts.py`). Like `model/`, it imports neither.
"""

# The service's setting `database_url` and training read the same variable.
DATABASE_URL_VARIABLE = "HYPEGAP_DATABASE_URL"
DEFAULT_DATABASE_URL = "sqlite:///var/feedback.sqlite3"
