"""The training configuration (training/config.toml), validated before any data is read.

Every table forbids keys it does not know, so a misspelt key is an error naming it and the file
rather than a default silently used. The artifact stores the config as plain JSON (model_dump);
`evaluate` validates it again from there.
"""

import tomllib
from pathlib import Path
from typing import Annotated, Any, Self, get_args, get_origin

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from model.pipeline import build_body_pipeline, build_headline_pipeline

DEFAULT_CONFIG = Path(__file__).with_name("config.toml")

Share = Annotated[float, Field(ge=0, lt=1)]
Target = Annotated[float, Field(ge=0, le=1)]
Weight = Annotated[float, Field(ge=0)]


def _scalar(value: Any) -> Any:
    if not isinstance(value, int | float | str):  # bool is an int
        raise ValueError("must be a number, true / false or a string")
    return value


HyperParameter = Annotated[Any, AfterValidator(_scalar)]


class ConfigError(Exception):
    """The training configuration is unreadable or not what TrainingConfig describes."""


class _Table(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class Splits(_Table):
    """Shares of test and validation rows in corpora without an official split."""

    test_share: Share
    validation_share: Share

    @model_validator(mode="after")
    def _leaves_rows_to_train_on(self) -> Self:
        if self.test_share + self.validation_share >= 1:
            raise ValueError("test_share + validation_share must be below 1")
        return self


class StopClickbaitTargets(_Table):
    clickbait: Target
    news: Target


class Fnc1Targets(_Table):
    agree: Target
    discuss: Target
    disagree: Target
    unrelated: Target


class Targets(_Table):
    """Overstatement targets by source (Webis-17 brings its own graded truthMean)."""

    stop_clickbait: StopClickbaitTargets
    fnc1: Fnc1Targets
    webis22: Target
    sober_news: Target
    mismatched_news: Target
    constructed: Target


class Weights(_Table):
    """Each source of the training mix's share of the total weight in the fit."""

    webis17: Weight
    stop_clickbait: Weight
    webis22_headlines: Weight
    sober_news_headlines: Weight
    fnc1: Weight
    webis22: Weight
    sober_news: Weight
    mismatched_news: Weight
    constructed: Weight


class ClaimStrength(_Table):
    """The claim-strength sub-model (model/claims.py), fitted on claim_strength/ only."""

    C: float = Field(gt=0)  # inverse regularisation of its logistic regression
    pubmed_weight: Target  # a PubMed sentence's sample weight against a press row's 1


class LevelTargets(_Table):
    """The target a level stands for, in editors' verdicts and newsroom files that give levels."""

    faithful: Target = 0.0
    stretched: Target = 0.5
    overstated: Target = 1.0


class NewsroomFile(_Table):
    """A newsroom's own rated headlines: JSONL or CSV rows of headline, body, target or level."""

    path: str = Field(min_length=1)  # relative to where `make train` runs
    weight: Weight
    name: str | None = Field(None, pattern="^[A-Za-z0-9_.-]+$")  # default: the file's stem

    @property
    def source(self) -> str:
        return "newsroom:" + (self.name or Path(self.path).name.split(".")[0])


class Newsroom(_Table):
    """What the newsroom adds to the mix: editors' verdicts (the feedback database) and files.

    With no verdicts in the database and no files, the mix is exactly the public corpora's.
    """

    verdicts_weight: Weight = 0.05
    level_targets: LevelTargets = Field(default_factory=LevelTargets)
    files: list[NewsroomFile] = Field(default_factory=list)

    @model_validator(mode="after")
    def _names_each_source_once(self) -> Self:
        sources = [file.source for file in self.files]
        if repeated := sorted({source for source in sources if sources.count(source) > 1}):
            raise ValueError(f"two newsroom files are both called {repeated[0]!r}: give one a name")
        return self


def _known_parameters(pipeline, params: dict[str, Any]) -> dict[str, Any]:
    known = pipeline.get_params()
    if unknown := [name for name in params if name not in known]:
        raise ValueError(
            f"{unknown[0]!r} is not a hyper-parameter of the pipeline "
            "(names look like features__headline_words__min_df)"
        )
    return params


class Models(_Table):
    """Hyper-parameters of each pipeline by nested name (see model/pipeline.py)."""

    headline_only: dict[str, HyperParameter] = Field(default_factory=dict)
    with_body: dict[str, HyperParameter] = Field(default_factory=dict)

    @field_validator("headline_only")
    @classmethod
    def _names_headline_parameters(cls, params: dict[str, Any]) -> dict[str, Any]:
        return _known_parameters(build_headline_pipeline(), params)

    @field_validator("with_body")
    @classmethod
    def _names_body_parameters(cls, params: dict[str, Any]) -> dict[str, Any]:
        return _known_parameters(build_body_pipeline(None), params)


class TrainingConfig(_Table):
    seed: int = Field(ge=0, lt=2**32)  # the range scikit-learn's random_state takes
    train_rows_per_source: int = Field(0, ge=0)  # 0: every training row
    splits: Splits
    targets: Targets
    weights: Weights
    model: Models
    claim_strength: ClaimStrength
    newsroom: Newsroom = Field(default_factory=Newsroom)


def load_config(path: str | Path) -> TrainingConfig:
    """The validated config in a TOML file, or ConfigError in one line naming file and key."""
    try:
        with open(path, "rb") as file:
            data = tomllib.load(file)
    except OSError as error:
        raise ConfigError(f"cannot read training config {path}: {error.strerror}") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"training config {path} is not valid TOML: {error}") from None
    return parse_config(data, origin=str(path))


def parse_config(data: Any, origin: str) -> TrainingConfig:
    """Validate a config read from `origin` (a file, or an artifact's metadata)."""
    try:
        return TrainingConfig.model_validate(data)
    except ValidationError as error:
        problems = "; ".join(_describe(problem) for problem in error.errors())
        raise ConfigError(f"invalid training config {origin}: {problems}") from None


def _describe(problem: dict) -> str:
    location = ".".join(map(str, problem["loc"])) or "the config"
    if problem["type"] == "extra_forbidden":
        return f"unknown key {location} (expected one of {', '.join(_keys_beside(problem['loc']))})"
    if problem["type"] == "missing":
        return f"missing key {location}"
    if problem["type"] == "value_error":
        return f"{location}: {problem['ctx']['error']}"
    return f"{location} = {problem['input']!r}: {problem['msg']}"


def _keys_beside(location: tuple) -> list[str]:
    """The keys allowed in the table that holds `location`."""
    table: type[BaseModel] = TrainingConfig
    for key in location[:-1]:
        if isinstance(key, int):  # an item of a list of tables: the list's table
            continue
        table = table.model_fields[key].annotation
        if get_origin(table) is list:
            (table,) = get_args(table)
    return list(table.model_fields)
