"""Fixtures of the training tests: a tiny data directory in the real formats, no verdicts."""

from pathlib import Path

import pytest

from feedback import DATABASE_URL_VARIABLE
from tests.training.corpora.fixtures import FIXTURE_FILES, write_fixture_file


@pytest.fixture(scope="module", autouse=True)
def no_verdicts(tmp_path_factory):
    """Training reads no editors' verdicts unless a test says where: their database is absent.

    (The session's database, tests/conftest.py, holds whatever the service tests sent.)
    """
    url = f"sqlite:///{tmp_path_factory.mktemp('no-verdicts')}/absent.sqlite3"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(DATABASE_URL_VARIABLE, url)
        yield url


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    directory = tmp_path / "data"
    for relative_path, content in FIXTURE_FILES.items():
        write_fixture_file(directory / relative_path, content)
    return directory
