"""The procrastinate side of `bench.queue`: an app on BENCH_PROCRASTINATE_DSN."""

from __future__ import annotations

import os

from procrastinate import App, PsycopgConnector

app = App(
    connector=PsycopgConnector(
        conninfo=os.environ.get("BENCH_PROCRASTINATE_DSN", "postgresql://postgres@127.0.0.1/x")
    )
)


@app.task(name="noop")
async def noop() -> None:
    """A no-op job."""
