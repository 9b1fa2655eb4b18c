"""Where per-text work runs (issue 15): a Dask cluster gives the findings the local run gives, byte for byte;
long work draws a progress bar with counts, rate and ETA on a terminal only."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from smaa_build import findings as F
from smaa_build.analyses import run_all
from smaa_build.analyses.value import aggregate, parallel
from smaa_build.analyses.value import correlation as co
from smaa_build.spec import load_case

GARDENIA = Path(__file__).resolve().parents[2] / "cases" / "gardenia"


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _square(xs):
    return [x * x for x in xs]


def test_chunks_come_back_in_order_with_a_bar_on_a_terminal(monkeypatch):
    monkeypatch.setattr(parallel, "PROGRESS_MIN", 10)
    monkeypatch.setattr(parallel, "PARALLEL_MIN", 10)
    monkeypatch.setattr(parallel, "CHUNK", 7)
    monkeypatch.delenv(parallel.SCHEDULER_ENV, raising=False)
    screen = Terminal()
    monkeypatch.setattr("sys.stderr", screen)
    parts = parallel.map_chunks(_square, list(range(100)), 2, label="Scoring texts")
    assert [len(p) for p in parts] == [7] * 14 + [2] and [x for p in parts for x in p] == [x * x for x in range(100)]
    shown = screen.getvalue()
    assert "Scoring texts" in shown and "100/100" in shown and "texts/s" in shown


def test_a_long_aggregation_draws_a_bar_in_posts_on_a_terminal(monkeypatch):
    monkeypatch.setattr(parallel, "PROGRESS_MIN", 10)
    monkeypatch.delenv(parallel.SCHEDULER_ENV, raising=False)
    screen = Terminal()
    monkeypatch.setattr("sys.stderr", screen)
    assert parallel.map_ordered(len, [list(range(6)), list(range(6))], "Aggregating posts") == [6, 6]
    shown = screen.getvalue()
    assert "Aggregating posts" in shown and "12/12" in shown and "posts/s" in shown

def test_no_bar_when_the_output_is_captured(monkeypatch):
    monkeypatch.setattr(parallel, "PROGRESS_MIN", 10)
    screen = io.StringIO()
    monkeypatch.setattr("sys.stderr", screen)
    assert parallel.with_progress(iter([(50, "a"), (50, "b")]), 100, "Scoring texts") == ["a", "b"]
    assert screen.getvalue() == ""


def _counting(fn, calls: list):
    def chunk(frame, by):
        calls.append(len(frame))
        return fn(frame, by)
    return chunk


@pytest.mark.slow
def test_findings_on_a_two_process_dask_cluster_are_byte_identical(tmp_path, monkeypatch):
    """Scoring, text features and the per-period aggregation run as Dask tasks on the workers, and the findings
    are the local run's, byte for byte. Chunks of 1,000 rows make gardenia's aggregation several chunks, so the
    partials computed on two processes are combined, in order, as the local run combines them."""
    from distributed import Client, LocalCluster, get_task_stream

    monkeypatch.delenv(parallel.SCHEDULER_ENV, raising=False)
    monkeypatch.setattr(aggregate, "ROWS", 1_000)
    chunk_rows: list[int] = []
    with monkeypatch.context() as local_only:
        local_only.setattr(co, "post_stats_chunk", _counting(co.post_stats_chunk, chunk_rows))
        local = F.dumps(run_all(load_case(GARDENIA, cache_dir=tmp_path / "local")))
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as watcher, get_task_stream(watcher) as stream:
        monkeypatch.setenv(parallel.SCHEDULER_ENV, cluster.scheduler_address)
        remote = F.dumps(run_all(load_case(GARDENIA, cache_dir=tmp_path / "cluster")))
        workers = set(cluster.scheduler.workers)
    ran = [(str(t["key"]).split("-")[0].lstrip("_"), t["worker"]) for t in stream.data]
    names = {name for name, _ in ran}
    assert {"score_chunk", "features_chunk", "post_stats_chunk"} <= names  # the work really went to the cluster
    assert len(chunk_rows) >= 4 and max(chunk_rows) == 1_000
    assert sum(name == "post_stats_chunk" for name, _ in ran) == len(chunk_rows)  # every chunk, on a worker
    assert {w for _, w in ran} <= workers
    assert remote == local
