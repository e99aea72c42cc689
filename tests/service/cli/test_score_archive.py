"""`hypegap score-archive`: archives scored on Dask into Parquet, with rejects, resume and checks.

Most tests use one in-process LocalCluster (threads, no worker processes: starting processes is
not what they test) and pass its address with --scheduler; one runs the command's own local
cluster of worker processes, and two run a real `dask scheduler` and `dask worker`s as separate
processes on loopback ports.
"""

import gzip
import json
import socket
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from distributed import Client, LocalCluster

from model.artifact import CURRENT
from service.cli.archive_worker import ModelOnWorker
from service.cli.errors import EXIT_BAD_LINES, EXIT_ERROR, EXIT_OK
from service.settings import Settings
from tests.service.cli.conftest import (
    FIXTURES,
    MALFORMED_BAD_LINES,
    fixture_articles,
    read_jsonl,
    run,
    write_jsonl,
)
from tests.service.conftest import publish_version

DASK = Path(sys.executable).parent / "dask"
OUTPUT_COLUMNS = ["id", "score", "level", "headline_only", "model_version"]


@pytest.fixture(scope="module")
def scheduler():
    """The address of an in-process cluster of two single-threaded workers."""
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=False, dashboard_address="127.0.0.1:0"
    ) as cluster:
        yield cluster.scheduler_address


def archive_records(stories: list[dict], count: int) -> list[dict]:
    """`count` articles made from the fixture stories, each headline against a body."""
    records = []
    for i in range(count):
        story, other = stories[i % len(stories)], stories[(i // len(stories)) % len(stories)]
        headline = story["overstated"] if i % 3 else story["faithful"]
        records.append({"id": f"story-{i}", "headline": headline, "body": other["body"]})
    return records


def score_archive(capsys, scheduler, inputs, outdir, model, *options):
    return run(
        ["score-archive", *inputs, "-o", outdir, "--model", model, "--scheduler", scheduler]
        + list(options),
        capsys,
    )


def scored_rows(outdir: Path) -> list[dict]:
    return pq.read_table(outdir).to_pylist()


def manifest(outdir: Path) -> dict:
    return json.loads((outdir / "_manifest.json").read_text())


def score_file_results(capsys, path: Path, model: Path, tmp_path: Path) -> list[dict]:
    output = tmp_path / "score-file.jsonl"
    run(["score-file", path, "-o", output, "--model", model], capsys)
    return read_jsonl(output)


def test_scores_and_levels_are_those_of_score_file(
    scheduler, tiny_artifact, stories, tmp_path, capsys
):
    source = write_jsonl(tmp_path / "archive.jsonl", archive_records(stories, 150))
    outdir = tmp_path / "scored"
    argv = [source], outdir, tiny_artifact, "--partition-rows", "40"
    status, _, err = score_archive(capsys, scheduler, *argv)
    assert status == EXIT_OK, err
    expected = score_file_results(capsys, source, tiny_artifact, tmp_path)
    rows = scored_rows(outdir)
    assert rows == [{key: result[key] for key in OUTPUT_COLUMNS} for result in expected]
    assert len({row["level"] for row in rows}) > 1
    partitions = [part["file"] for part in manifest(outdir)["partitions"]]
    assert len(partitions) == 4
    assert sorted(path.name for path in outdir.iterdir()) == [
        "_manifest.json",
        "_rejects.jsonl",
        *partitions,
    ]
    assert (outdir / "_rejects.jsonl").read_text() == ""
    assert "scored 150 articles" in err
    assert "Dask dashboard: http://" in err


def test_bad_lines_go_to_the_rejects_with_file_line_and_reason(
    scheduler, tiny_artifact, tmp_path, capsys
):
    source = FIXTURES / "malformed.jsonl"
    outdir = tmp_path / "scored"
    status, _, err = score_archive(
        capsys, scheduler, [source], outdir, tiny_artifact, "--partition-rows", "4"
    )
    assert status == EXIT_BAD_LINES
    rejects = read_jsonl(outdir / "_rejects.jsonl")
    assert [reject["line"] for reject in rejects] == sorted(MALFORMED_BAD_LINES)
    for reject in rejects:
        assert reject["file"] == str(source)
        assert MALFORMED_BAD_LINES[reject["line"]] in reject["reason"], reject
    assert [row["id"] for row in scored_rows(outdir)] == ["first", "last"]
    books = manifest(outdir)
    assert (books["scored"], books["rejected"]) == (2, 9)
    assert [(p["first"], p["count"], p["scored"], p["rejected"]) for p in books["partitions"]] == [
        (1, 4, 1, 3),
        (5, 4, 0, 3),
        (9, 4, 1, 3),
    ]
    assert f"9 bad lines listed in {outdir / '_rejects.jsonl'}" in err


def test_parquet_and_gzipped_jsonl_inputs_by_glob(scheduler, tiny_artifact, tmp_path, capsys):
    archive = tmp_path / "archive"
    archive.mkdir()
    records = fixture_articles("articles.jsonl")
    with gzip.open(archive / "2019.jsonl.gz", "wt", encoding="utf-8") as file:
        file.writelines(json.dumps(record) + "\n" for record in records)
    rows = [
        {"headline": "Council approves cycle lanes", "body": "The council voted.", "id": "p-1"},
        {"headline": "  ", "body": "A body.", "id": "p-2"},
        {"headline": "Rain expected on Friday", "body": None, "id": None},
        {"headline": "Markets rise slightly", "body": "Shares rose 0.2 percent.", "id": None},
    ]
    pq.write_table(pa.Table.from_pylist(rows), archive / "2020.parquet", row_group_size=2)
    outdir = tmp_path / "scored"
    status, _, err = score_archive(
        capsys, scheduler, [f"{archive}/*"], outdir, tiny_artifact, "--partition-rows", "1"
    )
    assert status == EXIT_BAD_LINES, err
    parquet = f"{archive}/2020.parquet"
    assert read_jsonl(outdir / "_rejects.jsonl") == [
        {"file": parquet, "line": 2, "reason": "field 'headline' is empty"},
        {"file": parquet, "line": 3, "reason": "field 'body' must be a string, got null"},
    ]
    ids = [row["id"] for row in scored_rows(outdir)]
    gzipped = [
        record.get("id", f"{archive}/2019.jsonl.gz:{n}") for n, record in enumerate(records, 1)
    ]
    assert sorted(ids) == sorted(gzipped + ["p-1", f"{parquet}:4"])
    books = manifest(outdir)
    assert [(p["source"], p["first"], p["count"]) for p in books["partitions"]] == [
        (f"{archive}/2019.jsonl.gz", 1, None),
        (parquet, 1, 2),
        (parquet, 3, 2),
    ]
    assert [i["format"] for i in books["inputs"]] == ["jsonl.gz", "parquet"]


def test_explain_adds_the_top_reasons(scheduler, tiny_artifact, tmp_path, capsys):
    outdir = tmp_path / "scored"
    source = FIXTURES / "articles.jsonl"
    status, _, err = score_archive(capsys, scheduler, [source], outdir, tiny_artifact, "--explain")
    assert status == EXIT_OK, err
    expected = score_file_results(capsys, source, tiny_artifact, tmp_path)
    rows = scored_rows(outdir)
    assert [row["reasons"] for row in rows] == [
        result["explanation"]["reasons"][:3] for result in expected
    ]
    assert any(row["reasons"] for row in rows)


def test_a_rerun_scores_only_the_partitions_missing_after_an_interruption(
    scheduler, tiny_artifact, stories, tmp_path, capsys
):
    source = write_jsonl(tmp_path / "archive.jsonl", archive_records(stories, 100))
    outdir = tmp_path / "scored"
    argv = [source], outdir, tiny_artifact, "--partition-rows", "25"
    assert score_archive(capsys, scheduler, *argv)[0] == EXIT_OK
    complete = scored_rows(outdir)
    partitions = sorted(outdir.glob("*.parquet"))
    # What an interrupted run leaves: some partitions written, a temporary one half-written,
    # the books of an earlier state.
    partitions[1].unlink()
    partitions[3].unlink()
    half = outdir / f".{partitions[3].name}.x1y2.part"
    half.write_bytes(b"PAR1 half")
    (outdir / "_manifest.json").unlink()
    kept = {path: path.stat().st_mtime_ns for path in (partitions[0], partitions[2])}
    status, _, err = score_archive(capsys, scheduler, *argv)
    assert status == EXIT_OK, err
    assert "2 of 4 partitions already written" in err
    assert {path: path.stat().st_mtime_ns for path in kept} == kept
    assert not half.exists()
    assert scored_rows(outdir) == complete
    books = manifest(outdir)
    assert [p["scored_in_this_run"] for p in books["partitions"]] == [False, True, False, True]
    assert 0 <= books["scoring_seconds"] <= books["seconds"]
    assert books["scored"] == sum(p["scored"] for p in books["partitions"]) == 100


def test_partitions_of_another_model_are_scored_again(
    scheduler, artifacts_dir, tiny_artifact, tmp_path, capsys
):
    source = FIXTURES / "articles.jsonl"
    outdir = tmp_path / "scored"
    model = artifacts_dir / CURRENT
    assert score_archive(capsys, scheduler, [source], outdir, model)[0] == EXIT_OK
    publish_version(artifacts_dir, tiny_artifact, "v2-tiny")
    status, _, err = score_archive(capsys, scheduler, [source], outdir, model)
    assert status == EXIT_OK, err
    assert "already written" not in err
    assert {row["model_version"] for row in scored_rows(outdir)} == {"v2-tiny"}
    assert manifest(outdir)["model_version"] == "v2-tiny"


def test_partitions_of_other_inputs_are_refused(scheduler, tiny_artifact, tmp_path, capsys):
    outdir = tmp_path / "scored"
    score_archive(capsys, scheduler, [FIXTURES / "articles.jsonl"], outdir, tiny_artifact)
    status, _, err = score_archive(
        capsys, scheduler, [FIXTURES / "malformed.jsonl"], outdir, tiny_artifact
    )
    assert status == EXIT_ERROR
    assert "holds 1 partitions that these inputs would not write" in err
    assert "use a new OUTDIR" in err


@pytest.mark.parametrize(
    "inputs, says",
    [
        (["nowhere/*.jsonl"], "no file matches nowhere/*.jsonl"),
        (["missing.jsonl"], "cannot read missing.jsonl: no such file"),
        ([str(FIXTURES / "story.txt")], "expected .jsonl.gz, .jsonl, .parquet"),
    ],
)
def test_inputs_it_cannot_read_are_refused_before_any_work(inputs, says, tmp_path, capsys):
    status, _, err = run(["score-archive", *inputs, "-o", tmp_path / "out"], capsys)
    assert status == EXIT_ERROR
    assert says in err
    assert not (tmp_path / "out").exists()


def test_a_parquet_file_without_headlines_is_refused(tmp_path, capsys):
    source = tmp_path / "titles.parquet"
    pq.write_table(pa.table({"title": ["A title"]}), source)
    status, _, err = run(["score-archive", source, "-o", tmp_path / "out"], capsys)
    assert status == EXIT_ERROR
    assert f"cannot read {source}: it has no 'headline' column (columns: title)" in err


def test_without_a_scheduler_it_starts_a_local_cluster_of_worker_processes(
    tiny_artifact, tmp_path, capsys, monkeypatch
):
    monkeypatch.delenv("DASK_SCHEDULER_ADDRESS", raising=False)
    outdir = tmp_path / "scored"
    source = FIXTURES / "articles.jsonl"
    argv = ["score-archive", source, "-o", outdir, "--model", tiny_artifact, "--workers", "1"]
    status, _, err = run(argv, capsys)
    assert status == EXIT_OK, err
    assert "Dask dashboard: http://127.0.0.1:" in err
    (worker,) = manifest(outdir)["workers"]
    assert worker.startswith("tcp://127.0.0.1:")
    assert len(scored_rows(outdir)) == 5


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start(argv: list, cwd: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [str(arg) for arg in argv], cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )


@pytest.fixture
def dask_scheduler(tmp_path):
    """A `dask scheduler` process on a loopback port, and a way to add `dask worker` processes."""
    address = f"tcp://127.0.0.1:{free_port()}"
    port = address.rsplit(":", 1)[1]
    processes = [
        start(
            [DASK, "scheduler", "--host", "127.0.0.1", "--port", port, "--no-dashboard"], tmp_path
        )
    ]

    def add_worker(cwd: Path) -> None:
        worker = [DASK, "worker", address, "--nthreads", "1", "--no-dashboard", "--no-nanny"]
        processes.append(start([*worker, "--host", "127.0.0.1"], cwd))

    def wait_for(workers: int) -> None:
        with Client(address, timeout=30) as client:
            client.wait_for_workers(workers, timeout=60)

    yield address, add_worker, wait_for
    for process in reversed(processes):
        process.terminate()
    for process in processes:
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:  # a worker still waiting on a scheduler that is gone
            process.kill()
            process.wait()


def model_checkout(root: Path, tiny_artifact: Path, version: str) -> Path:
    """A machine's working folder whose artifacts/current is the tiny model as `version`."""
    publish_version(root / "artifacts", tiny_artifact, version)
    return root


def test_a_real_scheduler_and_workers_score_and_refuse_workers_with_another_model(
    dask_scheduler, tiny_artifact, tmp_path, capsys, monkeypatch
):
    address, add_worker, wait_for = dask_scheduler
    first = model_checkout(tmp_path / "machine-1", tiny_artifact, "v1-tiny")
    second = model_checkout(tmp_path / "machine-2", tiny_artifact, "v2-tiny")
    add_worker(first)
    monkeypatch.chdir(first)
    monkeypatch.setenv("DASK_SCHEDULER_ADDRESS", address)
    source = FIXTURES / "articles.jsonl"
    model = Path("artifacts") / CURRENT
    status, _, err = run(
        ["score-archive", source, "-o", tmp_path / "one", "--model", model], capsys
    )
    assert status == EXIT_OK, err
    assert {row["model_version"] for row in scored_rows(tmp_path / "one")} == {"v1-tiny"}

    add_worker(second)
    wait_for(2)
    status, _, err = run(
        ["score-archive", source, "-o", tmp_path / "two", "--model", model], capsys
    )
    assert status == EXIT_ERROR
    assert "the workers loaded different models from artifacts/current" in err
    assert "v1-tiny" in err and "v2-tiny" in err
    assert "every worker must read the same model" in err
    assert not list((tmp_path / "two").glob("*.parquet"))


def test_workers_hold_articles_to_the_service_limits(
    scheduler, tiny_artifact, tmp_path, capsys, monkeypatch
):
    monkeypatch.setenv("HYPEGAP_MAX_HEADLINE_CHARS", "40")
    records = [
        {"headline": "Short headline"},
        {"headline": "A headline that is much, much longer than forty characters"},
    ]
    source = write_jsonl(tmp_path / "archive.jsonl", records)
    outdir = tmp_path / "scored"
    status, _, err = score_archive(capsys, scheduler, [source], outdir, tiny_artifact)
    assert status == EXIT_BAD_LINES, err
    assert read_jsonl(outdir / "_rejects.jsonl") == [
        {
            "file": str(source),
            "line": 2,
            "reason": "field 'headline' is longer than the limit of 40 characters",
        }
    ]


def test_workers_are_sent_the_article_limits_and_no_secret(tiny_artifact):
    settings = Settings(
        model_dir=tiny_artifact,
        api_keys=["desk-key"],
        database_url="postgresql://hypegap:s3cret@db.example:5432/hypegap",
        max_body_chars=5_000,
    )
    sent = ModelOnWorker(str(tiny_artifact), settings, explain=False).settings
    assert sent.max_body_chars == 5_000
    assert sent.api_keys == []
    assert "s3cret" not in sent.database_url
