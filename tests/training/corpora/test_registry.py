"""The registry of corpora: the files each declares, their hashes."""

import hashlib
from pathlib import Path

import pytest

from tests.training.corpora.fixtures import FIXTURE_FILES, files_opened_under
from training.corpora import CORPORA, bbc, file_digests, files_of, fnc1, reuters, webis17, webis22
from training.corpora.common import DataError


def test_files_used_are_exactly_the_files_the_loaders_need(data_dir):
    assert sorted(files_of(CORPORA)) == sorted(FIXTURE_FILES)
    for relative_path in files_of(CORPORA):
        assert (data_dir / relative_path).is_file()


def _load_all(corpus, data_dir):
    if corpus is fnc1:
        return [fnc1.load(data_dir, part) for part in fnc1.PARTS]
    return corpus.load(data_dir)


@pytest.mark.parametrize("corpus", CORPORA, ids=lambda corpus: corpus.__name__.split(".")[-1])
def test_a_corpus_declares_exactly_the_files_its_loader_opens(corpus, data_dir):
    opened = files_opened_under(data_dir, lambda: _load_all(corpus, data_dir))

    assert opened == set(corpus.FILES)


def test_files_of_names_each_file_once_in_the_order_declared():
    assert files_of([webis22, webis17]) == [*webis22.FILES]
    assert files_of([bbc, reuters]) == ["bbc/articles.jsonl.gz", "reuters21578/title_body.jsonl.gz"]


def test_file_digests_hash_file_bytes_under_relative_names(data_dir):
    relative_path = "bbc/articles.jsonl.gz"
    expected = hashlib.sha256((data_dir / relative_path).read_bytes()).hexdigest()

    assert file_digests([Path(relative_path)], data_dir) == {relative_path: expected}
    assert file_digests([data_dir / relative_path], data_dir) == {relative_path: expected}
    assert set(file_digests(map(Path, files_of(CORPORA)), data_dir)) == set(files_of(CORPORA))


def test_file_digests_of_a_missing_file_is_a_data_error(data_dir):
    with pytest.raises(DataError, match="missing"):
        file_digests([Path("webis17/nothing.jsonl.gz")], data_dir)
