"""Loaders of training/data.py against a tiny fake data directory in the real file formats."""

import csv
import gzip
import hashlib
import json
from collections import Counter
from pathlib import Path

import pytest

from training.data import (
    DataError,
    file_digests,
    files_used,
    load_bbc,
    load_fnc1,
    load_reuters,
    load_stop_clickbait,
    load_webis17,
    load_webis22,
    resolve_data_dir,
    split_of,
)

HARD_WRAPPED_COCOA_BODY = (
    "Showers continued throughout the week in\n"
    "the Bahia cocoa zone, alleviating the drought, Comissaria Smith\n"
    "said in its weekly review.\n"
    "    The dry period means the temporao will be late.\n"
    "\n"
    "    Arrivals were 155,221 bags of cocoa.\n"
    " Reuter\n"
)
GLUED_PARAGRAPHS = (
    "2070 is a great year for Mother Earth.That's when NASA expects a recovery. "
    "The U.S. agency saw 3.5 pct less chlorine in 2012.Researchers called it "
    '"good news."The team was happy."We are thrilled," said Dr. Strahan.'
)


def _webis17_row(post_id, text, split, truth_mean=0.2, truth_class="no-clickbait"):
    return {
        "id": post_id,
        "split": "clickbait17-train-170630",
        "postText": text,
        "truthMean": truth_mean,
        "truthMedian": 0.0,
        "truthMode": 0.0,
        "truthJudgments": [0.0, 0.0, 0.3333333333, 0.3333333333, 0.3333333333],
        "truthClass": truth_class,
        "bowen_split": split,
    }


WEBIS17_POSTS = [
    _webis17_row("1", "Malls are dying, but it's hard to profit from their death via", "train"),
    _webis17_row(
        "2", "You won't believe what Jones &amp; Co did (via @buzzfeed", "test", 0.93, "clickbait"
    ),
    _webis17_row("3", "  The top 10\tcomic   books ", "train"),
    _webis17_row("4", "The top 10 comic books", "test", 0.73, "clickbait"),
    _webis17_row("5", "Ten reasons to smile", "train"),
    _webis17_row("6", "Ten reasons to smile", "train"),
    _webis17_row("7", "via", "train"),
    _webis17_row("8", "Send kisses to a loved one via iPhone", "train"),
]

FIXTURE_FILES = {
    "webis17/posts_truth.jsonl.gz": WEBIS17_POSTS,
    "webis17/post_title_pairs.jsonl.gz": [
        {**WEBIS17_POSTS[0], "targetTitle_inferred": "This Big Short Threatens to Be a Big Bust"},
        {**WEBIS17_POSTS[3], "targetTitle_inferred": " The Top 10 Comic\u00a0Books  [Video]"},
    ],
    "webis22/validation.jsonl.gz": [
        {
            "postId": "5",
            "postText": ["Webis-17 post under another text"],
            "targetParagraphs": ["A body."],
            "targetTitle": "A title",
        },
        {
            "postId": "v1",
            "postText": ["NASA sets date", "for  ozone recovery"],
            "targetParagraphs": ["First  paragraph.", "Ozone &amp; chlorine\nfall."],
            "targetTitle": "NASA: ozone hole heals by 2070",
        },
        {
            "postId": "v2",
            "postText": ["The top 10 comic books"],
            "targetParagraphs": ["A body of a post that Webis-17 already has."],
            "targetTitle": "Comics",
        },
        {
            "postId": "v3",
            "postText": ["What this dog did"],
            "targetParagraphs": ["It sat."],
            "targetTitle": "",
        },
    ],
    "webis22/test_inputs.jsonl.gz": [
        {"row": 0, "postText": ["This simple item saves lives"], "targetParagraphs": ["Soap."]},
        {"row": 1, "postText": ["NASA sets date for ozone recovery"], "targetParagraphs": ["B."]},
    ],
    "webis22/train_phrase_subset.jsonl.gz": [
        {
            "postId": "p1",
            "postText": "Ozone hole will heal",
            "targetParagraphs_joined": GLUED_PARAGRAPHS,
        },
        {
            "postId": "v1",
            "postText": "Same id as a validation post",
            "targetParagraphs_joined": "X.",
        },
    ],
    "fnc1/train_stances.csv.gz": [
        ["Headline", "Body ID", "Stance"],
        ["Hundreds of  Palestinians flee floods", "0", "agree"],
        ["Spider burrowed through tourist's stomach", "1", "unrelated"],
        ["Hundreds of Palestinians flee floods", "1", "unrelated"],
    ],
    "fnc1/train_bodies.csv.gz": [
        ["Body ID", "articleBody"],
        ["0", 'Officials said "the dams" were opened. \nHomes were flooded.\n\nHundreds fled.'],
        ["1", "A spider, the report says, was found."],
    ],
    "fnc1/competition_test_stances.csv.gz": [
        ["Headline", "Body ID", "Stance"],
        ["Zombie cat meows back to life", "7", "discuss"],
    ],
    "fnc1/competition_test_bodies.csv.gz": [
        ["Body ID", "articleBody"],
        ["7", "A cat was found."],
    ],
    "bbc/articles.jsonl.gz": [
        {
            "file": "bbc/business/001.txt",
            "category": "business",
            "title": "Ad sales boost Time  Warner profit",
            "body": "Quarterly profits jumped 76%.\n\nThe firm signed a communiqu&#233;.",
        },
        {
            "file": "bbc/business/002.txt",
            "category": "business",
            "title": "Copy of the first story",
            "body": "Quarterly profits jumped 76%.\n\nThe firm signed a communiqu&#233;.",
        },
        {
            "file": "bbc/tech/003.txt",
            "category": "tech",
            "title": "Broadband grows",
            "body": "More homes are online.\n - fast\n - cheap",
        },
    ],
    "reuters21578/title_body.jsonl.gz": [
        {"newid": 1, "title": "BAHIA COCOA REVIEW", "body": HARD_WRAPPED_COCOA_BODY},
        {
            "newid": 2,
            "title": "IBM <IBM> SAYS U.S. SALES ROSE",
            "body": "International Business Machines Corp, or IBM, said\n"
            "its U.S. sales rose &lt;5 pct&gt; last year.\n REUTER\n",
        },
        {
            "newid": 3,
            "title": "IMF LENDS TO JAMAICA",
            "body": "The International Monetary Fund lent money to\nJamaica.\n REUTER",
        },
        {"newid": 4, "title": "IMF MEETS", "body": "Ministers met the IMF staff.\n Reuter"},
        {"newid": 5, "title": "", "body": "A body without a title."},
        {"newid": 6, "title": "A TITLE WITHOUT A BODY", "body": "  \n"},
        {"newid": 7, "title": "BAHIA COCOA REVIEW REPEATED", "body": HARD_WRAPPED_COCOA_BODY},
    ],
    "chakraborty/clickbait_data.gz": [
        "You Won't Believe What  This Cat Did",
        "",
        "17 Dogs Who Are Better Than You",
        "Ambiguous Headline",
        "17 Dogs Who Are Better Than You",
    ],
    "chakraborty/non_clickbait_data.gz": ["Senate Passes Budget Bill", "", "Ambiguous Headline"],
}


def _write_fixture_file(path: Path, content: list) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(path, "wt", encoding="utf-8", newline="") as stream:
        if path.name.endswith(".jsonl.gz"):
            stream.writelines(json.dumps(row) + "\n" for row in content)
        elif path.name.endswith(".csv.gz"):
            csv.writer(stream).writerows(content)
        else:
            stream.writelines(line + "\n" for line in content)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    directory = tmp_path / "data"
    for relative_path, content in FIXTURE_FILES.items():
        _write_fixture_file(directory / relative_path, content)
    return directory


def _by_id(records):
    return {record.id: record for record in records}


def test_files_used_are_exactly_the_files_the_loaders_need(data_dir):
    assert sorted(files_used()) == sorted(FIXTURE_FILES)
    for relative_path in files_used():
        assert (data_dir / relative_path).is_file()


def test_webis17_strips_truncation_artefacts_and_unescapes_html(data_dir):
    posts = _by_id(load_webis17(data_dir))

    assert posts["1"].post_text == "Malls are dying, but it's hard to profit from their death"
    assert posts["2"].post_text == "You won't believe what Jones & Co did"
    assert posts["8"].post_text == "Send kisses to a loved one via iPhone"


def test_webis17_drops_a_post_that_was_only_a_truncation_artefact(data_dir):
    assert "7" not in _by_id(load_webis17(data_dir))


def test_webis17_reads_labels_split_and_article_title(data_dir):
    posts = _by_id(load_webis17(data_dir))

    assert posts["2"].clickbait is True and posts["2"].truth_mean == pytest.approx(0.93)
    assert posts["1"].clickbait is False and posts["1"].split == "train"
    assert posts["4"].split == "test"
    assert posts["1"].target_title == "This Big Short Threatens to Be a Big Bust"
    assert posts["4"].target_title == "The Top 10 Comic Books [Video]"
    assert posts["5"].target_title is None


def test_webis17_keeps_a_duplicated_text_out_of_train_when_test_has_it(data_dir):
    posts = load_webis17(data_dir)
    comics = [post for post in posts if post.post_text == "The top 10 comic books"]

    assert [(post.id, post.split) for post in comics] == [("4", "test")]
    assert [post.id for post in posts if post.post_text == "Ten reasons to smile"] == ["5", "6"]


def test_webis22_joins_post_text_and_paragraphs(data_dir):
    post = _by_id(load_webis22(data_dir))["v1"]

    assert post.post_text == "NASA sets date for ozone recovery"
    assert post.body == "First paragraph.\n\nOzone & chlorine fall."
    assert post.title == "NASA: ozone hole heals by 2070"
    assert post.file == "webis22/validation.jsonl.gz"


def test_webis22_names_test_inputs_by_row_and_has_no_title_outside_validation(data_dir):
    posts = _by_id(load_webis22(data_dir))

    assert posts["test_inputs:0"].post_text == "This simple item saves lives"
    assert posts["test_inputs:0"].title is None
    assert posts["p1"].title is None
    assert posts["v3"].title is None


def test_webis22_is_disjoint_from_webis17_by_id_and_by_text(data_dir):
    webis17 = load_webis17(data_dir)
    webis22 = load_webis22(data_dir)

    assert not {post.id for post in webis22} & {post.id for post in webis17}
    assert not {post.post_text for post in webis22} & {post.post_text for post in webis17}
    assert "v2" not in _by_id(webis22)


def test_webis22_keeps_the_first_of_a_repeated_id_or_text(data_dir):
    posts = load_webis22(data_dir)

    assert [post.id for post in posts] == ["v1", "v3", "test_inputs:0", "p1"]
    assert _by_id(posts)["v1"].file == "webis22/validation.jsonl.gz"


def test_webis22_restores_glued_sentences_without_splitting_abbreviations(data_dir):
    body = _by_id(load_webis22(data_dir))["p1"].body

    assert body == (
        "2070 is a great year for Mother Earth. That's when NASA expects a recovery. "
        "The U.S. agency saw 3.5 pct less chlorine in 2012. Researchers called it "
        '"good news." The team was happy. "We are thrilled," said Dr. Strahan.'
    )


def test_fnc1_joins_stances_with_bodies_keeping_quotes_and_paragraphs(data_dir):
    pairs = load_fnc1(data_dir, "train")

    assert [(pair.headline, pair.body_id, pair.stance) for pair in pairs] == [
        ("Hundreds of Palestinians flee floods", 0, "agree"),
        ("Spider burrowed through tourist's stomach", 1, "unrelated"),
        ("Hundreds of Palestinians flee floods", 1, "unrelated"),
    ]
    assert pairs[0].body == (
        'Officials said "the dams" were opened.\n\nHomes were flooded.\n\nHundreds fled.'
    )
    assert pairs[1].body == "A spider, the report says, was found."


def test_fnc1_reads_the_competition_test_files_for_that_part(data_dir):
    pairs = load_fnc1(data_dir, "competition_test")

    assert [(pair.headline, pair.body, pair.stance) for pair in pairs] == [
        ("Zombie cat meows back to life", "A cat was found.", "discuss")
    ]


def test_fnc1_rejects_an_unknown_part(data_dir):
    with pytest.raises(ValueError, match="competition_test"):
        load_fnc1(data_dir, "test")


def test_fnc1_stance_without_body_is_a_data_error(data_dir):
    stances = [["Headline", "Body ID", "Stance"], ["Orphan headline", "99", "agree"]]
    _write_fixture_file(data_dir / "fnc1/train_stances.csv.gz", stances)

    with pytest.raises(DataError, match="Body ID 99"):
        load_fnc1(data_dir, "train")


def test_bbc_keeps_the_first_of_duplicated_bodies(data_dir):
    articles = load_bbc(data_dir)

    assert [article.id for article in articles] == ["bbc/business/001.txt", "bbc/tech/003.txt"]
    assert {article.source for article in articles} == {"bbc"}
    assert articles[0].title == "Ad sales boost Time Warner profit"
    assert articles[0].body == "Quarterly profits jumped 76%.\n\nThe firm signed a communiqué."
    assert articles[1].body == "More homes are online.\n\n- fast\n\n- cheap"


def test_reuters_unwraps_the_body_and_drops_the_sign_off(data_dir):
    articles = _by_id(load_reuters(data_dir))

    assert articles["1"].body == (
        "Showers continued throughout the week in the Bahia cocoa zone, alleviating the "
        "drought, Comissaria Smith said in its weekly review.\n\n"
        "The dry period means the temporao will be late.\n\n"
        "Arrivals were 155,221 bags of cocoa."
    )
    assert articles["2"].body == (
        "International Business Machines Corp, or IBM, said its U.S. sales rose <5 pct> last year."
    )
    assert articles["4"].source == "reuters"


def test_reuters_recases_all_caps_titles_like_the_body(data_dir):
    articles = _by_id(load_reuters(data_dir))

    assert articles["1"].title == "Bahia cocoa review"
    assert articles["2"].title == "IBM <IBM> says U.S. sales rose"


def test_reuters_takes_a_spelling_the_body_lacks_from_stories_with_the_same_title_word(data_dir):
    assert _by_id(load_reuters(data_dir))["3"].title == "IMF lends to Jamaica"


def test_reuters_skips_rows_without_title_or_body_and_duplicate_bodies(data_dir):
    assert [article.id for article in load_reuters(data_dir)] == ["1", "2", "3", "4"]


def test_stop_clickbait_labels_headlines_and_drops_ambiguous_ones(data_dir):
    headlines = load_stop_clickbait(data_dir)

    assert [(item.headline, item.clickbait) for item in headlines] == [
        ("You Won't Believe What This Cat Did", True),
        ("17 Dogs Who Are Better Than You", True),
        ("Senate Passes Budget Bill", False),
    ]


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
        load_bbc(missing)

    message = str(raised.value)
    assert str(missing) in message
    assert "DATA_DIR" in message and "--data-dir" in message


def test_missing_file_names_the_file_and_the_directory(data_dir):
    (data_dir / "bbc/articles.jsonl.gz").unlink()

    with pytest.raises(DataError) as raised:
        load_bbc(data_dir)

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


def test_file_digests_hash_file_bytes_under_relative_names(data_dir):
    relative_path = "bbc/articles.jsonl.gz"
    expected = hashlib.sha256((data_dir / relative_path).read_bytes()).hexdigest()

    assert file_digests([Path(relative_path)], data_dir) == {relative_path: expected}
    assert file_digests([data_dir / relative_path], data_dir) == {relative_path: expected}
    assert set(file_digests(map(Path, files_used()), data_dir)) == set(files_used())


def test_file_digests_of_a_missing_file_is_a_data_error(data_dir):
    with pytest.raises(DataError, match="missing"):
        file_digests([Path("webis17/nothing.jsonl.gz")], data_dir)


@pytest.mark.integration
def test_real_corpora_load_with_the_sizes_of_the_data_card(real_data_dir):
    webis17 = load_webis17(real_data_dir)
    assert 19_000 <= len(webis17) <= 19_459
    assert sum(post.split == "test" for post in webis17) == 3_892
    assert 10_000 <= sum(post.target_title is not None for post in webis17) <= 10_306

    assert 2_700 <= len(load_webis22(real_data_dir)) <= 3_167

    train = load_fnc1(real_data_dir, "train")
    competition_test = load_fnc1(real_data_dir, "competition_test")
    assert len(train) == 49_972 and len(competition_test) == 25_413
    assert Counter(pair.stance for pair in train) == {
        "unrelated": 36_545,
        "discuss": 8_909,
        "agree": 3_678,
        "disagree": 840,
    }

    assert 2_225 - 140 <= len(load_bbc(real_data_dir)) <= 2_225 - 133
    reuters = load_reuters(real_data_dir)
    assert 18_500 <= len(reuters) <= 19_043 - 262
    assert sum(article.title.isupper() for article in reuters) < len(reuters) // 100
    assert 31_900 <= len(load_stop_clickbait(real_data_dir)) <= 32_000
