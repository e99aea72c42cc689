"""Webis-Clickbait-17 posts: labels, splits, titles and cleaned tweet texts."""

import pytest

from tests.training.corpora.fixtures import by_id
from training.corpora import webis17


def test_webis17_strips_truncation_artefacts_and_unescapes_html(data_dir):
    posts = by_id(webis17.load(data_dir))

    assert posts["1"].post_text == "Malls are dying, but it's hard to profit from their death"
    assert posts["2"].post_text == "You won't believe what Jones & Co did"
    assert posts["8"].post_text == "Send kisses to a loved one via iPhone"


def test_webis17_drops_a_post_that_was_only_a_truncation_artefact(data_dir):
    assert "7" not in by_id(webis17.load(data_dir))


def test_webis17_reads_labels_split_and_article_title(data_dir):
    posts = by_id(webis17.load(data_dir))

    assert posts["2"].clickbait is True and posts["2"].truth_mean == pytest.approx(0.93)
    assert posts["1"].clickbait is False and posts["1"].split == "train"
    assert posts["4"].split == "test"
    assert posts["1"].target_title == "This Big Short Threatens to Be a Big Bust"
    assert posts["4"].target_title == "The Top 10 Comic Books [Video]"
    assert posts["5"].target_title is None


def test_webis17_keeps_a_duplicated_text_out_of_train_when_test_has_it(data_dir):
    posts = webis17.load(data_dir)
    comics = [post for post in posts if post.post_text == "The top 10 comic books"]

    assert [(post.id, post.split) for post in comics] == [("4", "test")]
    assert [post.id for post in posts if post.post_text == "Ten reasons to smile"] == ["5", "6"]


@pytest.mark.integration
def test_real_webis17_loads_with_the_sizes_of_the_data_card(real_data_dir):
    posts = webis17.load(real_data_dir)
    assert 19_000 <= len(posts) <= 19_459
    assert sum(post.split == "test" for post in posts) == 3_892
    assert 10_000 <= sum(post.target_title is not None for post in posts) <= 10_306
