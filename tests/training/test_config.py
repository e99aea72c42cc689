"""The training config is checked before a long fit starts, with errors naming file and key."""

import shutil
import tomllib

import pytest

from training import evaluate, train
from training.config import DEFAULT_CONFIG, ConfigError, load_config

DEFAULT_TEXT = DEFAULT_CONFIG.read_text(encoding="utf-8")


@pytest.fixture
def write_config(tmp_path):
    def write(old: str, new: str):
        assert old in DEFAULT_TEXT
        path = tmp_path / "config.toml"
        path.write_text(DEFAULT_TEXT.replace(old, new, 1), encoding="utf-8")
        return path

    return write


def test_the_default_config_loads_and_dumps_back_to_the_file_contents():
    config = load_config(DEFAULT_CONFIG)

    assert config.weights.webis17 == 0.25 and config.targets.fnc1.discuss == 0.4
    assert config.model_dump() == tomllib.loads(DEFAULT_TEXT)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("seed = 13", "sed = 13", "unknown key sed (expected one of seed, train_rows_per_source,"),
        ("seed = 13", "", "missing key seed"),
        ("validation_share = 0.1", "validaton_share = 0.1", "unknown key splits.validaton_share"),
        ("webis22 = 0.9", "webis_22 = 0.9", "missing key targets.webis22"),
        ("news = 0.1", "new = 0.1", "unknown key targets.stop_clickbait.new"),
        ("test_share = 0.2", "test_share = 1.0", "splits.test_share = 1.0: Input should be less"),
        ("test_share = 0.2", "test_share = -0.2", "splits.test_share = -0.2: Input should be"),
        ("test_share = 0.2", "test_share = 0.9", "splits: test_share + validation_share must be"),
        ("test_share = 0.2", 'test_share = "0.2"', "splits.test_share = '0.2'"),
        ("agree = 0.0", "agree = 1.5", "targets.fnc1.agree = 1.5: Input should be less than or"),
        ("fnc1 = 0.2\n", "fnc1 = -0.2\n", "weights.fnc1 = -0.2: Input should be greater than or"),
        ("webis17 = 0.25", "webis17 = 0.25\nbbc = 0.1", "unknown key weights.bbc (expected one"),
        ("seed = 13", "seed = 13.5", "seed = 13.5: Input should be a valid integer"),
        ('"classifier__C"', '"classifier__c"', "'classifier__c' is not a hyper-parameter"),
        ("C = 4.0", "c = 4.0", "unknown key claim_strength.c (expected one of C, pubmed_weight)"),
        ("C = 4.0", "C = 0.0", "claim_strength.C = 0.0: Input should be greater than 0"),
        ("pubmed_weight = 1.0", "pubmed_weight = 1.5", "claim_strength.pubmed_weight = 1.5"),
        (
            "files = []",
            'files = [{ path = "a.jsonl", wieght = 0.1 }]',
            "unknown key newsroom.files.0.wieght (expected one of path, weight, name)",
        ),
        ("files = []", 'files = [{ path = "a.jsonl" }]', "missing key newsroom.files.0.weight"),
        ("verdicts_weight = 0.05", "verdicts_weight = -1.0", "newsroom.verdicts_weight = -1.0"),
        ("stretched = 0.5", "stretched = 2.0", "newsroom.level_targets.stretched = 2.0"),
    ],
)
def test_a_bad_config_is_an_error_naming_the_file_and_the_key(write_config, old, new, message):
    path = write_config(old, new)

    with pytest.raises(ConfigError) as raised:
        load_config(path)

    assert f"invalid training config {path}: " in str(raised.value)
    assert message in str(raised.value)


def test_a_config_that_is_not_toml_or_not_there_is_a_config_error(write_config, tmp_path):
    with pytest.raises(ConfigError, match=r"config\.toml is not valid TOML"):
        load_config(write_config("seed = 13", "seed = "))
    with pytest.raises(ConfigError, match="cannot read training config .*missing.toml"):
        load_config(tmp_path / "missing.toml")


def test_train_refuses_a_bad_config_in_one_line_before_reading_any_data(
    write_config, tmp_path, capsys
):
    path = write_config("webis17 = 0.25", "webis17 = -1")

    status = train.main(["--config", str(path), "--data-dir", str(tmp_path / "no-data-here")])

    error = capsys.readouterr().err
    assert status == 2
    assert error.count("\n") == 1
    assert error.startswith(f"hypegap train: invalid training config {path}: weights.webis17")


def test_evaluate_validates_the_config_stored_in_the_artifact(tiny_artifact, tmp_path, capsys):
    model = shutil.copytree(tiny_artifact, tmp_path / "model")  # its config is a note, no mix

    status = evaluate.main(["--model", str(model), "--data-dir", str(tmp_path)])

    error = capsys.readouterr().err
    assert status == 2
    assert error.startswith(f"hypegap evaluate: invalid training config {model / 'metadata.json'}")
    assert "missing key seed" in error and "unknown key note" in error
