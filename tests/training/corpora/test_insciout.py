"""InSciOut pairs: a press release's conclusion and strength beside its paper's."""

from collections import Counter

import pytest

from tests.training.corpora.fixtures import FIXTURE_FILES, by_id, write_fixture_file
from training.corpora import insciout
from training.corpora.common import DataError

ROWS = FIXTURE_FILES[insciout.PAIRS]


def test_pairs_carry_both_conclusions_their_strengths_and_the_exaggeration(data_dir):
    pairs = insciout.load(data_dir)

    assert [pair.id for pair in pairs] == ["25-002", "22-001", "11-040"]
    first = pairs[0]
    assert first.press_release_conclusion == "The urgent referral pathway is saving lives."
    assert first.abstract_conclusion == "Use of the urgent referral pathway could be efficacious."
    assert (first.press_release_strength, first.abstract_strength) == (3, 2)
    assert [pair.exaggeration for pair in pairs] == ["exaggerates", "same", "downplays"]
    assert by_id(pairs)["11-040"].press_release_conclusion == (
        'Exercise may be linked to "better" sleep.'
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"exaggeration_label": "overstates"}, "unexpected exaggeration_label 'overstates'"),
        ({"press_release_strength": 4}, "claim strength 4 at insciout/insciout_train.jsonl.gz:2"),
        ({"abstract_strength": "2"}, "claim strength '2'"),
        ({"abstract_strength": True}, "claim strength True"),
    ],
)
def test_a_label_off_its_scale_is_a_data_error_naming_file_and_line(data_dir, change, message):
    write_fixture_file(data_dir / insciout.PAIRS, [ROWS[0], {**ROWS[1], **change}])

    with pytest.raises(DataError, match=message):
        insciout.load(data_dir)


@pytest.mark.integration
def test_real_insciout_loads_with_the_sizes_of_the_data_card(real_data_dir):
    pairs = insciout.load(real_data_dir)
    assert len(pairs) == len({pair.id for pair in pairs}) == 100
    assert Counter(pair.exaggeration for pair in pairs) == {
        "exaggerates": 22,
        "same": 61,
        "downplays": 17,
    }
    assert all(pair.press_release_conclusion and pair.abstract_conclusion for pair in pairs)
