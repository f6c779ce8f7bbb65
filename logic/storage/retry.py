"""Trying a write transaction again when the database refused it for a moment, not for a reason.

PostgreSQL's serialization failures and deadlocks, and SQLite's busy lock, roll the transaction back;
running the whole transaction again is safe, since nothing of it was kept.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.exc import DBAPIError

T = TypeVar("T")

RETRIES = 5
TRANSIENT_SQLSTATES = {"40001", "40P01"}  # serialization failure, deadlock detected (PostgreSQL)


def transient(error: DBAPIError) -> bool:
    """Worth trying the whole transaction again: PostgreSQL's serialization failures and deadlocks, and
    SQLite's busy lock (its busy handler is not fair, so under load one writer can wait out the timeout
    while others keep taking the lock; the failed transaction has been rolled back)."""
    if getattr(error.orig, "sqlstate", None) in TRANSIENT_SQLSTATES:
        return True
    return isinstance(error.orig, sqlite3.OperationalError) and "database is locked" in str(error.orig)


def retried(transaction: Callable[[], T], attempts: int = RETRIES) -> T:
    """Run `transaction` (one whole transaction), again after a transient failure, at most `attempts`
    times, waiting 10 ms, 20 ms, 40 ms ... between tries; any other error, or the last, is raised."""
    for attempt in range(attempts):
        try:
            return transaction()
        except DBAPIError as error:
            if not transient(error) or attempt == attempts - 1:
                raise
            time.sleep(0.01 * 2**attempt)
    raise AssertionError("unreachable")
