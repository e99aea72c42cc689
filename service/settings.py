"""The service's one settings class: environment variables `HYPEGAP_*`, then a settings file.

Precedence, highest first: arguments given to `Settings(...)`, environment variables, the TOML
file named by `HYPEGAP_SETTINGS_FILE` (same keys as the fields, e.g. `api_keys = ["..."]`), the
defaults below. Keys are better kept in that file (readable by the service user only) than in
the environment of every process.
"""

import os
from pathlib import Path
from typing import Annotated

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import (
    BaseSettings,
    NoDecode,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from feedback import DEFAULT_DATABASE_URL

SETTINGS_FILE_VARIABLE = "HYPEGAP_SETTINGS_FILE"
MEGABYTE = 1024 * 1024


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="HYPEGAP_", extra="forbid", frozen=True)

    model_dir: Path = Field(
        Path("artifacts/current"), description="Artifact folder (or the symlink to it) to serve."
    )
    host: str = "127.0.0.1"
    port: int = Field(8000, ge=1, le=65535)
    # Measured by `make bench` on this 2-core machine: see README, "Workers".
    workers: int = Field(2, ge=1, le=64, description="uvicorn worker processes.")
    reuse_port: bool = Field(
        True,
        description="With several workers, give each its own listening socket on the port "
        "(SO_REUSEPORT), so that the kernel spreads new connections over them; on systems "
        "other than Linux, or when false, the workers share one socket.",
    )
    api_keys: Annotated[list[SecretStr], NoDecode] = Field(
        default_factory=list,
        description="When not empty, every /v1 request needs `Authorization: Bearer <key>`. "
        "In the environment: keys separated by commas.",
    )
    combine_requests: bool = Field(
        True,
        description="Score requests that arrive while the model is busy together, in one batch "
        "(measured by `make bench`).",
    )
    rate_limit: float = Field(
        0,
        ge=0,
        description="Requests per second each API key (each client address without keys) may "
        "make to /v1, in each worker process; 0: no limit.",
    )
    rate_burst: int = Field(
        20, ge=1, description="Requests a client may make at once above its rate limit."
    )
    body_timeout_seconds: float = Field(
        30.0,
        gt=0,
        description="A request body must arrive within this many seconds of its headers, "
        "else 408 (body_timeout).",
    )
    max_headline_chars: int = Field(1_000, ge=1)
    max_body_chars: int = Field(200_000, ge=1)
    max_id_chars: int = Field(200, ge=1)
    max_batch_items: int = Field(256, ge=1)
    max_request_bytes: int = Field(10 * MEGABYTE, ge=1024)
    database_url: str = Field(
        DEFAULT_DATABASE_URL,
        description="Where editors' verdicts are kept: sqlite:///path/to/file.sqlite3 "
        "(created on first use) or postgresql://user:password@host:5432/name.",
    )
    request_cpu_seconds: float = Field(
        10.0,
        gt=0,
        description="CPU time one request may use to reduce and score its articles; past it "
        "the work is stopped and the request gets a 503 (over_budget).",
    )
    reload_timeout_seconds: float = Field(
        60.0,
        gt=0,
        description="How long a reload waits for every worker to serve the new model before "
        "it reports that they do not (503 reload_incomplete).",
    )
    shutdown_seconds: int = Field(
        10,
        ge=1,
        description="On SIGTERM, how long requests in flight may take to finish before they "
        "are cut off.",
    )
    log_level: str = Field("info", pattern="^(critical|error|warning|info|debug)$")
    access_log: bool = Field(True, description="One JSON line per request on standard output.")

    @field_validator("api_keys", mode="before")
    @classmethod
    def _split_keys(cls, value):
        if isinstance(value, str):
            value = value.split(",")
        keys = [str(key).strip() for key in value]
        return [key for key in keys if key]

    @field_validator("database_url")
    @classmethod
    def _understood_database_url(cls, url: str) -> str:
        from feedback.database import parse_url  # SQLAlchemy, only once there is a URL to check

        parse_url(url)
        return url

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        sources = [init_settings, env_settings]
        settings_file = os.environ.get(SETTINGS_FILE_VARIABLE)
        if settings_file:
            if not Path(settings_file).is_file():
                raise ValueError(f"{SETTINGS_FILE_VARIABLE}={settings_file}: no such file")
            sources.append(TomlConfigSettingsSource(settings_cls, toml_file=settings_file))
        return tuple(sources)
