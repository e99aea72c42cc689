"""Settings: defaults, the HYPEGAP_ environment, and the optional TOML settings file."""

import pytest
from pydantic import ValidationError

from service.settings import Settings


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch):
    for name in ("HYPEGAP_HOST", "HYPEGAP_PORT", "HYPEGAP_MODEL_DIR", "HYPEGAP_API_KEYS",
                 "HYPEGAP_SETTINGS_FILE", "HYPEGAP_WORKERS", "HYPEGAP_MAX_BODY_CHARS",
                 "HYPEGAP_REUSE_PORT"):  # fmt: skip
        monkeypatch.delenv(name, raising=False)


def test_defaults_match_the_documented_limits():
    settings = Settings()
    assert str(settings.model_dir) == "artifacts/current"
    assert (settings.host, settings.port) == ("127.0.0.1", 8000)
    assert settings.api_keys == []
    assert settings.reuse_port is True
    assert settings.max_headline_chars == 1_000
    assert settings.max_body_chars == 200_000
    assert settings.max_batch_items == 256
    assert settings.max_request_bytes == 10 * 1024 * 1024


def test_the_environment_sets_any_field(monkeypatch):
    monkeypatch.setenv("HYPEGAP_PORT", "9001")
    monkeypatch.setenv("HYPEGAP_WORKERS", "3")
    monkeypatch.setenv("HYPEGAP_API_KEYS", " one ,two,, ")
    settings = Settings()
    assert (settings.port, settings.workers) == (9001, 3)
    assert [key.get_secret_value() for key in settings.api_keys] == ["one", "two"]
    assert "one" not in repr(settings)


def test_a_settings_file_is_read_and_the_environment_wins(monkeypatch, tmp_path):
    file = tmp_path / "hypegap.toml"
    file.write_text('api_keys = ["from-file"]\nmax_body_chars = 5000\nport = 9100\n')
    monkeypatch.setenv("HYPEGAP_SETTINGS_FILE", str(file))
    monkeypatch.setenv("HYPEGAP_PORT", "9200")
    settings = Settings()
    assert [key.get_secret_value() for key in settings.api_keys] == ["from-file"]
    assert settings.max_body_chars == 5000
    assert settings.port == 9200


def test_a_missing_settings_file_is_an_error(monkeypatch, tmp_path):
    monkeypatch.setenv("HYPEGAP_SETTINGS_FILE", str(tmp_path / "nowhere.toml"))
    with pytest.raises(ValueError, match="nowhere.toml"):
        Settings()


@pytest.mark.parametrize(
    "changes",
    [
        {"port": 0},
        {"workers": 0},
        {"max_batch_items": 0},
        {"unknown_knob": 1},
        {"log_level": "loud"},
    ],
)
def test_invalid_settings_are_refused(changes):
    with pytest.raises(ValidationError):
        Settings(**changes)
