"""The huey side of `bench.queue`: a SqliteHuey whose file comes from BENCH_HUEY_DB."""

from __future__ import annotations

import os

from huey import SqliteHuey

huey = SqliteHuey(filename=os.environ.get("BENCH_HUEY_DB", "bench-huey.db"), results=True)


@huey.task()
def noop() -> int:
    """A no-op whose result is stored, as iepgen stores a job's result on completion."""
    return 1
