"""Fixtures of the training tests: a tiny data directory in the real formats."""

from pathlib import Path

import pytest

from tests.training.corpora.fixtures import FIXTURE_FILES, write_fixture_file


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    directory = tmp_path / "data"
    for relative_path, content in FIXTURE_FILES.items():
        write_fixture_file(directory / relative_path, content)
    return directory
