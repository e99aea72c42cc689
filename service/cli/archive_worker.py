"""What `score-archive` runs on each Dask worker: the model, loaded once; a task per partition.

A task reads its partition's lines or rows, checks them as `score-file` does, scores them in
`score-file`'s batches with the same backend, and writes one Parquet file under a temporary name,
then renames it, so a partition is on disk whole or not at all. The file's footer holds what the
command needs to keep the books and to resume: the lines it covers, the model version, the
counts and the rejected lines. Imported only when the command runs (it loads Dask and pyarrow).
"""

import gzip
import itertools
import json
import resource
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from distributed import get_worker
from distributed.diagnostics.plugin import WorkerPlugin

from service.cli.articles import article_from
from service.cli.backends import LocalBackend
from service.cli.errors import CliError, ItemRejected
from service.cli.score_archive import Partition
from service.cli.score_file import AtomicOutput, Line, read_lines, scored_batches
from service.schemas import ArticleFields, request_models
from service.settings import Settings

PLUGIN = "hypegap-model"
FOOTER_KEY = b"hypegap"
TOP_REASONS = 3
ARTICLE_COLUMNS = ("headline", "body", "body_format", "id")
ARTICLE_LIMITS = {"max_headline_chars", "max_body_chars", "max_id_chars", "max_batch_items"}
REASON = pa.struct([("code", pa.string()), ("message", pa.string()), ("weight", pa.float64())])
SCHEMA = pa.schema(
    [
        ("id", pa.string()),
        ("score", pa.float64()),
        ("level", pa.string()),
        ("headline_only", pa.bool_()),
        ("model_version", pa.string()),
    ]
)
SCHEMA_WITH_REASONS = SCHEMA.append(pa.field("reasons", pa.list_(REASON)))


class ModelOnWorker(WorkerPlugin):
    """The model, loaded once by each worker: when registered, and on a worker that joins later.

    Workers get the service's limits on articles and no other setting (no API keys, no
    database URL). Without `explain` the explanations are not built (the same scores, cheaper).
    """

    def __init__(self, model_dir: str, settings: Settings, explain: bool):
        self.model_dir = model_dir
        self.settings = Settings.model_construct(**settings.model_dump(include=ARTICLE_LIMITS))
        self.explain = explain
        self.backend: LocalBackend | None = None
        self.problem: str | None = None

    def setup(self, worker) -> None:
        try:
            articles = request_models(self.settings).ScoreRequest
            self.backend = LocalBackend(self.model_dir, articles, self.explain)
        except CliError as error:
            self.problem = f"worker {worker.address} cannot load the model: {error}"
            raise CliError(self.problem) from None

    def checked_backend(self, model_version: str) -> LocalBackend:
        """The worker's model, if it is `model_version`; else CliError saying whose is not."""
        if self.backend is None:
            raise CliError(self.problem or f"worker {get_worker().address} has no model")
        if self.backend.model_version != model_version:
            raise CliError(
                f"worker {get_worker().address} loaded model {self.backend.model_version} from "
                f"{self.model_dir}, the other workers {model_version}: every worker must read "
                "the same model"
            )
        return self.backend


def worker_model_version(dask_worker) -> str:
    return dask_worker.plugins[PLUGIN].backend.model_version


def peak_memory_mib() -> float:
    """The peak resident memory of this process so far (Linux reports it in KiB)."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def score_partition(part: Partition, outdir: str, version: str, explain: bool) -> dict:
    """Score one partition into its Parquet file in `outdir`; returns the file's footer."""
    backend = get_worker().plugins[PLUGIN].checked_backend(version)
    schema = SCHEMA_WITH_REASONS if explain else SCHEMA
    columns: dict[str, list] = {name: [] for name in schema.names}
    rejects = []
    for batch in scored_batches(backend, partition_lines(part, backend.articles)):
        for line, result in batch:
            if isinstance(result, ItemRejected):
                rejects.append({"file": part.source, "line": line.number, "reason": str(result)})
                continue
            for name in SCHEMA.names:
                columns[name].append(result[name])
            if explain:
                columns["reasons"].append(result["explanation"]["reasons"][:TOP_REASONS])
    footer = {
        **part.lines(),
        "model_version": version,
        "explain": explain,
        "scored": len(columns["id"]),
        "rejected": len(rejects),
        "rejects": rejects,
    }
    table = pa.Table.from_pydict(
        columns, schema=schema.with_metadata({FOOTER_KEY: json.dumps(footer)})
    )
    output = AtomicOutput(Path(outdir) / part.name, binary=True)
    try:
        pq.write_table(table, output.file)
    except BaseException:
        output.discard()
        raise
    output.commit()
    return footer


def read_footer(path: Path) -> dict | None:
    """The footer of a partition written by `score_partition`, or None if it has none."""
    try:
        return json.loads(pq.read_schema(path).metadata[FOOTER_KEY])
    except (OSError, pa.ArrowException, KeyError, TypeError, ValueError):
        return None


def partition_lines(part: Partition, articles: type[ArticleFields]) -> Iterator[Line]:
    """The partition's lines or rows, checked as `score-file` checks a line."""
    id_prefix = f"{part.source}:"
    if part.format == "parquet":
        yield from parquet_rows(part, articles, id_prefix)
        return
    with (gzip.open if part.format == "jsonl.gz" else open)(part.source, "rb") as file:
        file.seek(part.offset)
        yield from read_lines(itertools.islice(file, part.count), articles, part.first, id_prefix)


def parquet_rows(part: Partition, articles: type[ArticleFields], id_prefix: str) -> Iterator[Line]:
    file = pq.ParquetFile(part.source)
    columns = [name for name in ARTICLE_COLUMNS if name in file.schema_arrow.names]
    rows = file.read_row_groups(list(part.row_groups), columns=columns).to_pylist()
    for number, record in enumerate(rows, start=part.first):
        try:
            article = article_from(record, articles, default_id=f"{id_prefix}{number}")
            yield Line(number, 0, article, None)
        except ValueError as error:
            yield Line(number, 0, None, str(error))
