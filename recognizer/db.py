"""Database helpers Django does not ship: portable SQL for the model constraints, and turns
for SQLite's writers."""

import fcntl
import os
import threading
from contextlib import contextmanager

from django.db import connections
from django.db.models import Func, IntegerField


class JSONArrayLength(Func):
    """Length of a JSON array column, in SQLite and PostgreSQL alike."""

    function = "JSON_ARRAY_LENGTH"
    output_field = IntegerField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function="JSONB_ARRAY_LENGTH", **extra_context)


# SQLite lets one transaction write at a time. The others wait in SQLite's busy handler, which
# sleeps in steps of up to 100 ms whether or not the lock is freed meanwhile, so with several
# workers storing drawings a writer waited up to seconds for a lock held a millisecond or two
# (bench/api_load.py: p99 ~1-2 s at 16 clients). Taking turns on a lock file first hands the
# write lock over at once: the threads of a process queue on a lock, processes on flock().
_turn = threading.RLock()
_lock_files: dict[tuple[int, str], int] = {}  # by process: a forked worker opens its own


@contextmanager
def writers_take_turns(using: str = "default"):
    """Around a write transaction on SQLite: one writer at a time, woken as soon as it is its turn.
    Does nothing on other databases, whose row locks need no such help."""
    connection = connections[using]
    name = str(connection.settings_dict["NAME"])
    if connection.vendor != "sqlite" or name == ":memory:" or name.startswith("file:"):
        yield
        return
    with _turn:
        key = (os.getpid(), name)
        if key not in _lock_files:
            _lock_files[key] = os.open(f"{name}.writers", os.O_RDWR | os.O_CREAT, 0o600)
        fcntl.flock(_lock_files[key], fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(_lock_files[key], fcntl.LOCK_UN)
