"""Claim-strength sentences: registers, groups for splitting, repaired text, labels."""

import re
from collections import Counter

import numpy as np
import pytest

from tests.training.corpora.fixtures import write_fixture_file
from training.corpora import claim_strength
from training.corpora.common import DataError


def _by_text(records):
    return {record.text: record for record in records}


def test_press_rows_keep_their_release_and_register_and_pubmed_rows_have_none(data_dir):
    records = _by_text(claim_strength.load(data_dir))

    headline = records["Low status increases depression risk"]
    assert (headline.label, headline.register) == (3, "press_headline")
    assert headline.release_id == "20824800-w-lss012611"
    sentence = records["Low status is linked to depression & pain."]
    assert (sentence.label, sentence.register) == (1, "press_sentence")
    pubmed = records["Trial registration: not applicable."]
    assert (pubmed.label, pubmed.register, pubmed.release_id) == (0, "pubmed", None)


def test_pubmed_labels_are_read_onto_the_common_scale(data_dir):
    records = _by_text(claim_strength.load(data_dir))

    # The file says 1 for this direct cause and 3 for this correlation: its authors' coding.
    assert records["PPARδ activation reduced fibrosis at 70 μg/d."].label == 3
    correlation = "Women aged ≥70 years in the Médecins sans Frontières cohort had more falls."
    assert records[correlation].label == 1
    assert records["“Metformin may help.” © 2016 American Cancer Society."].label == 2
    assert records["Trial registration: not applicable."].label == 0


def test_releases_of_one_paper_share_a_group_and_pubmed_sentences_have_their_own(data_dir):
    records = claim_strength.load(data_dir)
    groups = {record.text: record.group for record in records}

    assert (
        groups["Low status increases depression risk"]
        == groups["Low status is linked to depression & pain."]
    )
    assert (
        groups["Injection drugs drive hepatitis C"]
        == groups["Injection drugs are a main route of HCV."]
    )
    assert (
        groups["Injection drugs drive hepatitis C"]
        != groups["Low status increases depression risk"]
    )
    pubmed_groups = [record.group for record in records if record.register == "pubmed"]
    assert len(set(pubmed_groups)) == len(pubmed_groups)
    assert not set(pubmed_groups) & {r.group for r in records if r.register != "pubmed"}


def test_a_repeated_text_is_kept_once_and_dropped_when_its_labels_disagree(data_dir):
    texts = Counter(record.text for record in claim_strength.load(data_dir))

    assert texts["Injection drugs are a main route of HCV."] == 1
    assert texts["Trial registration: not applicable."] == 1
    assert "None the less, juice was unlikely to be healthy." not in texts


def test_double_encoded_characters_are_repaired_and_real_accents_kept(data_dir):
    texts = set(_by_text(claim_strength.load(data_dir)))

    assert "PPARδ activation reduced fibrosis at 70 μg/d." in texts
    assert "Women aged ≥70 years in the Médecins sans Frontières cohort had more falls." in texts
    assert "“Metformin may help.” © 2016 American Cancer Society." in texts
    assert "Médecins Sans Frontières ran the trial in São Paulo." in texts


@pytest.mark.parametrize(
    "text",
    [
        "Âge, naïve, café, Ã alone",  # a lead character without its continuation
        "Zürich ¼ €5 ±2 Ñ",
        "â€ cut short",  # the first two bytes of a three-byte character
        r"an escaped letter \\u00e9 stays",
    ],
)
def test_repair_leaves_text_that_is_not_double_encoded_alone(text):
    assert claim_strength.repair_text(text) == text


def test_escaped_spacing_becomes_a_space_and_invisible_marks_go(data_dir):
    texts = set(_by_text(claim_strength.load(data_dir)))

    assert "Sleeve dilatation occurred in 50 % of the patients." in texts
    assert claim_strength.repair_text(r"pitavastatin 4\u200amg/dl") == "pitavastatin 4 mg/dl"


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (["Works.", "4"], "label '4' at claim_strength/pubmed_causal_language_use.csv.gz:2"),
        (["Works.", "high"], "label 'high'"),
        (["Works.", ""], "label ''"),
    ],
)
def test_a_label_off_the_scale_is_a_data_error_naming_file_and_line(data_dir, row, message):
    path = data_dir / claim_strength.PUBMED
    write_fixture_file(path, [["sentence", "label"], row])

    with pytest.raises(DataError, match=re.escape(message)):
        claim_strength.load(data_dir)


def test_an_unknown_kind_of_press_row_is_a_data_error(data_dir):
    rows = [["release_id", "kind", "sentence", "label"], ["1-a-b", "summary", "Works.", "3"]]
    write_fixture_file(data_dir / claim_strength.PRESS_RELEASES, rows)

    with pytest.raises(DataError, match="unexpected kind 'summary'"):
        claim_strength.load(data_dir)


@pytest.mark.integration
def test_real_claim_strength_loads_with_the_sizes_of_the_data_card(real_data_dir):
    records = claim_strength.load(real_data_dir)
    registers = Counter(record.register for record in records)
    assert registers["press_headline"] == 747
    assert 1_300 <= registers["press_sentence"] <= 1_327
    assert 3_040 <= registers["pubmed"] <= 3_060
    assert {record.label for record in records} == {0, 1, 2, 3}
    assert 900 <= len({r.group for r in records if r.register != "pubmed"}) <= 938
    assert not [record.text for record in records if re.search(r"Î|Ï|â€|â‰|Â|\\x|\\u", record.text)]


@pytest.mark.integration
def test_real_pubmed_labels_mean_what_the_press_labels_mean(real_data_dir):
    """On the common scale, correlational wording marks label 1 and not label 3 in both files."""
    correlational = re.compile(r"\b(associated|linked|correlated|more likely)\b", re.IGNORECASE)
    records = claim_strength.load(real_data_dir)
    for register in ("pubmed", "press_sentence"):
        share = {
            label: np.mean(
                [
                    bool(correlational.search(r.text))
                    for r in records
                    if r.register == register and r.label == label
                ]
            )
            for label in (1, 3)
        }
        assert share[1] > 0.2 > 0.1 > share[3], (register, share)
