"""Progress import benchmark: a 10,000-row progress CSV through the API, on both databases.

    python -m bench.progress [--rows 10000] [--rounds 3]

For a final IEP in a fresh SQLite file and a fresh PostgreSQL database, time the CSV
import end to end inside the app (ASGI, no network): the preview (every row checked,
nothing stored) and the accepted import (checked again, then stored in one executemany
insert in one transaction). Each round imports into its own IEP, so no row is a repeat.
Prints the time and rows per second beside the 2 s target. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import httpx
from rich.console import Console
from rich.table import Table
from tests.conftest import make_settings
from tests.databases import PostgresDatabase, SQLiteTemplate
from tests.factories import make_user
from tests.integration.progress.support import FinalIEP, final_iep

from iepgen.app import create_app
from iepgen.db import create_database
from iepgen.templates.service import ensure_builtin_templates

TARGET_S = 2.0


@dataclass(frozen=True)
class Timing:
    database: str
    step: str  # "preview" | "import"
    rows: int
    seconds: list[float]

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.median if self.median else float("inf")


def progress_csv(final: FinalIEP, rows: int) -> str:
    """`rows` weekly-style probes of goal 1, spread over the IEP's first months."""
    lines = ["goal,date,value,note"]
    for row in range(rows):
        day = final.start + timedelta(days=row % 200)
        # Every value differs: a repeated (goal, date, value) would be reported, not stored.
        lines.append(f"1,{day.isoformat()},{50 + row / 1000:.3f},probe {row}")
    return "\n".join(lines) + "\n"


async def _measure(url: str, label: str, rows: int, rounds: int) -> list[Timing]:
    settings = make_settings(url)
    database = create_database(settings)
    try:
        async with database.transaction() as session:
            await ensure_builtin_templates(session)
        teacher = await make_user(database, "teacher", display_name="Jordan Ellis")
        app = create_app(settings, database)
        preview: list[float] = []
        accepted: list[float] = []
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
                for _ in range(rounds):
                    final = await final_iep(database, settings, teacher)
                    body = progress_csv(final, rows).encode()
                    headers = {**teacher.headers, "Content-Type": "text/csv"}
                    url_import = f"{final.url}/progress/import"
                    for step, samples, params in (
                        ("preview", preview, {}),
                        ("import", accepted, {"accept": "true"}),
                    ):
                        started = time.perf_counter()
                        response = await client.post(
                            url_import, params=params, content=body, headers=headers
                        )
                        samples.append(time.perf_counter() - started)
                        report = response.json()
                        if response.status_code != 200 or report["good_rows"] != rows:
                            raise RuntimeError(f"{step} answered {response.status_code}")
                        if step == "import" and report["stored"] != rows:
                            raise RuntimeError(f"stored {report['stored']} of {rows} rows")
        return [
            Timing(label, "preview", rows, preview),
            Timing(label, "import", rows, accepted),
        ]
    finally:
        await database.dispose()


def run(rows: int = 10_000, rounds: int = 3) -> list[Timing]:
    timings: list[Timing] = []
    with tempfile.TemporaryDirectory(prefix="iepgen-bench-progress-") as folder:
        # Migrating runs its own event loop: before ours starts.
        url = SQLiteTemplate(Path(folder)).fresh_copy(Path(folder) / "bench.db")
        timings += asyncio.run(_measure(url, "SQLite", rows, rounds))
    postgres = PostgresDatabase()
    postgres.create()
    try:
        timings += asyncio.run(_measure(postgres.url, "PostgreSQL", rows, rounds))
    finally:
        postgres.drop()
    return timings


def table(timings: list[Timing], rounds: int) -> Table:
    grid = Table(title=f"Progress CSV import through the API (median of {rounds} rounds)")
    for column in ("database", "step", "rows", "median s", "worst s", "rows/s", "target s"):
        grid.add_column(column, justify="left" if column in ("database", "step") else "right")
    for timing in timings:
        grid.add_row(
            timing.database,
            timing.step,
            f"{timing.rows:,}",
            f"{timing.median:.2f}",
            f"{max(timing.seconds):.2f}",
            f"{timing.rows_per_second:,.0f}",
            f"{TARGET_S:.1f}",
        )
    return grid


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=3)
    options = parser.parse_args()
    Console(width=120).print(table(run(options.rows, options.rounds), options.rounds))


if __name__ == "__main__":
    main()
