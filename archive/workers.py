"""Work spread over worker processes, results in input order.

Extraction is a pure function of one article, so a load sends articles to a pool
of worker processes (each loads the spaCy pipelines once, in its initializer)
while one writer stores the results. ``ordered`` hands results back in the order
the items went in, so the writer assigns ids exactly as a single process would:
an archive loaded with ``--jobs N`` is the same, byte for byte, as with ``--jobs 1``.

A worker that dies (killed, out of memory, a crash in native code) breaks the
pool: the items it held are tried again one at a time in a fresh pool, and the
one that breaks it again is reported through ``on_crash``; the load goes on.
"""
from __future__ import annotations

import multiprocessing
import os
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Callable, Iterable, Iterator, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

# Items in flight per worker: enough to keep every worker busy while the writer stores.
QUEUED_PER_WORKER = 4


def cores() -> int:
    """The cores this process may run on (the default of ``--jobs``)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def ordered(work: Callable[[Item], Result], items: Iterable[Item], jobs: int,
            initializer: Callable[[], None] | None = None,
            on_crash: Callable[[Item], Result] | None = None) -> Iterator[tuple[Item, Result]]:
    """``(item, work(item))`` for every item, in input order, computed by ``jobs`` processes.

    ``work`` and ``initializer`` must be module-level functions (they are sent to the
    workers by name). With ``jobs`` 1 everything runs in this process, without a pool.
    ``on_crash(item)`` is the result of an item whose worker died (default: re-raise).
    """
    if jobs <= 1:
        for item in items:
            yield item, work(item)
        return
    pool = _Pool(jobs, initializer)
    try:
        pending: deque[tuple[Item, Future]] = deque()
        for item in items:
            pending.append((item, pool.submit(work, item)))
            if len(pending) >= jobs * QUEUED_PER_WORKER:
                yield from _first(pending, pool, work, on_crash)
        while pending:
            yield from _first(pending, pool, work, on_crash)
    finally:
        pool.shutdown()


def _first(pending: deque, pool: "_Pool", work, on_crash) -> Iterator[tuple]:
    """The result of the oldest item; after a crash, every item that was in flight, one by one."""
    item, future = pending[0]
    try:
        result = future.result()
    except BrokenProcessPool:
        lost = [i for i, _ in pending]
        pending.clear()
        pool.restart()
        for lost_item in lost:
            yield lost_item, _alone(pool, work, lost_item, on_crash)
        return
    pending.popleft()
    yield item, result


def _alone(pool: "_Pool", work, item, on_crash):
    """``work(item)`` with nothing else in flight, so a crash is this item's."""
    try:
        return pool.submit(work, item).result()
    except BrokenProcessPool:
        pool.restart()
        if on_crash is None:
            raise
        return on_crash(item)


class _Pool:
    """A process pool that can be replaced after a worker died."""

    def __init__(self, jobs: int, initializer):
        self.jobs, self.initializer = jobs, initializer
        self.executor = self._new()

    def _new(self) -> ProcessPoolExecutor:
        # fork where there is one: a worker starts at once, with the modules (and anything
        # already loaded) of this process; elsewhere the platform's default.
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if "fork" in methods else None)
        return ProcessPoolExecutor(self.jobs, mp_context=context, initializer=self.initializer)

    def submit(self, work, item) -> Future:
        return self.executor.submit(work, item)

    def restart(self) -> None:
        self.executor.shutdown(wait=False, cancel_futures=True)
        self.executor = self._new()

    def shutdown(self) -> None:
        self.executor.shutdown(wait=True, cancel_futures=True)
