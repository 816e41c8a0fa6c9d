"""Extraction of a corpus in shards on a Dask distributed cluster (``archive extract --jsonl``).

The corpus files are cut, in input order, into shards of ``shard_files`` files.
Each shard is one Dask task: a worker reads its files (so they must be readable
by every worker, on a shared file system) and extracts every article, and this
process writes the shard's lines to ``part-NNNNN.jsonl`` as its task completes.
``archive load --extractions`` then stores the folder in shard order: the same
archive as a direct load. A worker loads the spaCy pipelines once (they are
cached per process) and keeps them for every later shard.

On a cluster the per-article time budget is not enforced: Dask runs tasks in
worker threads, where the budget's timer cannot interrupt them (see limits.py).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from . import extractions, ingest, pipeline

# Files per shard: a task of seconds to minutes, small enough to spread over workers.
SHARD_FILES = 50
# Shards in flight per worker thread of the cluster: enough to keep it busy.
QUEUED_PER_THREAD = 2


@dataclass
class Shard:
    """One shard's extractions-file lines, and the errors of its inputs (one line each)."""

    lines: list[str] = field(default_factory=list)
    articles: int = 0
    errors: list[str] = field(default_factory=list)
    internal: int = 0  # errors that are bugs
    path: Path | None = None  # where it was written


def shards(files: list[Path], size: int = SHARD_FILES) -> list[list[str]]:
    """The files, in order, in consecutive groups of ``size`` (as strings, for the workers)."""
    return [[str(f) for f in files[i:i + size]] for i in range(0, len(files), size)]


def extract_shard(files: list[str]) -> Shard:
    """Runs on a worker: the extractions-file lines of every article of these files."""
    shard = Shard()
    for file in files:
        for item in ingest.iter_articles(Path(file)):
            if isinstance(item, Exception):
                shard.lines.append(extractions.input_error(str(item)))
                shard.errors.append(str(item))
                continue
            outcome = pipeline.extract_outcome(item)
            shard.lines.append(extractions.line(item, outcome.extraction, outcome.error, outcome.internal))
            shard.articles += 1
            if outcome.error:
                shard.errors.append(outcome.error)
                shard.internal += outcome.internal
    return shard


def run(files: list[Path], out: Path, scheduler: str | None = None, workers: int = 1,
        shard_files: int = SHARD_FILES) -> Iterator[Shard]:
    """Extract ``files`` on the cluster at ``scheduler`` (else a local one of ``workers`` processes).

    Yields each shard once written (its lines dropped), in the order shards complete.
    """
    from dask.distributed import Client, LocalCluster, as_completed

    out.mkdir(parents=True, exist_ok=True)
    groups = shards(files, shard_files)
    cluster = None if scheduler else LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                                  dashboard_address=None)
    client = Client(scheduler or cluster)
    try:
        threads = max(1, sum(client.nthreads().values()))
        queued = iter(enumerate(groups))
        futures = {}
        for number, group in _take(queued, threads * QUEUED_PER_THREAD):
            futures[client.submit(extract_shard, group, pure=False)] = number
        running = as_completed(list(futures))
        for future in running:
            number = futures.pop(future)
            yield _write(out / extractions.PART.format(number), future.result())
            future.release()
            for number, group in _take(queued, 1):
                new = client.submit(extract_shard, group, pure=False)
                futures[new] = number
                running.add(new)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _take(numbered: Iterator, n: int) -> list:
    return [item for _, item in zip(range(n), numbered)]


def _write(path: Path, shard: Shard) -> Shard:
    extractions.write(path, shard.lines)
    shard.lines, shard.path = [], path
    return shard
