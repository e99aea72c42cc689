"""What the corpus modules share: the data directory, its errors, and hash splits."""

from collections import Counter

import pytest

from training.corpora import bbc
from training.corpora.common import DataError, resolve_data_dir, split_of


def test_split_of_depends_on_the_key_alone():
    keys = [f"post-{number}" for number in range(500)]
    forwards = {key: split_of(key, 0.2, 0.1) for key in keys}
    backwards = {key: split_of(key, 0.2, 0.1) for key in reversed(keys)}

    assert forwards == backwards
    # Pinned so that a change of hashing, which would reshuffle every held-out set, is noticed.
    assert [split_of(key, 0.2, 0.1) for key in "abc"] == ["train", "validation", "test"]


def test_split_of_gives_the_requested_shares():
    shares = Counter(split_of(f"key-{number}", 0.2, 0.1) for number in range(10_000))

    assert shares["test"] / 10_000 == pytest.approx(0.2, abs=0.02)
    assert shares["validation"] / 10_000 == pytest.approx(0.1, abs=0.02)
    assert shares["train"] / 10_000 == pytest.approx(0.7, abs=0.02)


def test_split_of_without_validation_share_never_returns_validation():
    assert "validation" not in {split_of(f"key-{number}", 0.3) for number in range(2_000)}


@pytest.mark.parametrize(("test_share", "validation_share"), [(-0.1, 0.0), (0.6, 0.4), (1.0, 0)])
def test_split_of_rejects_shares_that_leave_no_training_data(test_share, validation_share):
    with pytest.raises(ValueError, match="shares"):
        split_of("key", test_share, validation_share)


def test_missing_data_directory_names_the_path_and_how_to_override(tmp_path):
    missing = tmp_path / "no-such-dir"

    with pytest.raises(DataError) as raised:
        bbc.load(missing)

    message = str(raised.value)
    assert str(missing) in message
    assert "DATA_DIR" in message and "--data-dir" in message


def test_missing_file_names_the_file_and_the_directory(data_dir):
    (data_dir / "bbc/articles.jsonl.gz").unlink()

    with pytest.raises(DataError) as raised:
        bbc.load(data_dir)

    message = str(raised.value)
    assert f"missing: {data_dir / 'bbc/articles.jsonl.gz'}" in message
    assert f"data directory {data_dir}" in message
    assert "DATA_DIR" in message and "--data-dir" in message


def test_resolve_data_dir_uses_the_data_dir_environment_variable(data_dir, monkeypatch):
    monkeypatch.setenv("DATA_DIR", str(data_dir))

    assert resolve_data_dir() == data_dir


def test_resolve_data_dir_prefers_the_argument_to_the_environment(data_dir, tmp_path, monkeypatch):
    monkeypatch.setenv("DATA_DIR", str(tmp_path / "elsewhere"))

    assert resolve_data_dir(str(data_dir)) == data_dir


def test_resolve_data_dir_falls_back_to_the_default_relative_to_the_working_dir(
    tmp_path, monkeypatch
):
    project = tmp_path / "project"
    project.mkdir()
    monkeypatch.delenv("DATA_DIR", raising=False)
    monkeypatch.chdir(project)

    with pytest.raises(DataError, match="shared/data"):
        resolve_data_dir()

    (tmp_path / "shared" / "data").mkdir(parents=True)
    assert resolve_data_dir() == project / ".." / "shared" / "data"
