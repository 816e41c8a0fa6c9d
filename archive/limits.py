"""Every limit the archive enforces, in one place; docs/robustness.md explains each one.

The limits keep one hostile or broken input from stopping, stalling or
exhausting a load: an input over a limit is refused, split or cut short with
a one-line message, and the load goes on.
"""
from __future__ import annotations

import contextlib
import signal
import threading

# Ingest ----------------------------------------------------------------------

# A .txt, .md or .html file larger than this is not an article; it is refused unread.
MAX_FILE_BYTES = 10 * 1024 * 1024
# One line of a .jsonl file (one article); JSONL files themselves are read line by line,
# so their total size is not limited.
MAX_LINE_BYTES = 10 * 1024 * 1024
# A longer article body is split into parts of at most this many characters, at
# paragraph (else line, sentence or word) boundaries. Extraction cost grows faster
# than linearly with an article's length; parts keep it bounded.
MAX_ARTICLE_CHARS = 100_000

# Extraction ------------------------------------------------------------------

# Wall-clock budget for extracting one article (or part); an article over it is
# reported and skipped, and the load goes on.
ARTICLE_SECONDS = 60

# Storage ---------------------------------------------------------------------

# How long a write waits for a database locked by another program before the load stops.
BUSY_SECONDS = 60

# Publishing (Datasette settings passed by `archive serve`) ---------------------

# Any one SQL query, from a page or typed by a user, is stopped after this long.
SQL_TIME_LIMIT_MS = 2000
# Rows returned by one query or table page, at most.
MAX_RETURNED_ROWS = 1000
# Characters in one search query.
MAX_SEARCH_CHARS = 500


class OverBudget(Exception):
    """Raised inside work that ran longer than its time budget."""


@contextlib.contextmanager
def time_budget(seconds: float):
    """Raise ``OverBudget`` in the block if it runs longer than ``seconds``.

    Uses a real-time interval timer, so it works only in the main thread of a
    Unix process; elsewhere the block runs unbounded.
    """
    if not seconds or not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum, frame):
        raise OverBudget(f"took longer than {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
