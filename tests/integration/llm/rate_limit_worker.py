"""A worker process for the cross-process rate-limit test: N distinct calls through the factory.

`python -m tests.integration.llm.rate_limit_worker SETTINGS_JSON BARRIER_DIR CALLS`
Waits for `BARRIER_DIR/go` (so every process starts together), then prints a JSON summary.
"""

from __future__ import annotations

import asyncio
import os
import sys
import time
from pathlib import Path

import orjson

from iepgen.config import Settings
from iepgen.db import create_database
from iepgen.llm.factory import build_provider, close_provider
from tests.fakes.student_context import section_request

WARM_UP = "Warm-up call"


async def run(settings: Settings, barrier: Path, calls: int) -> dict[str, object]:
    database = create_database(settings)
    provider = build_provider(settings, database)
    # The first call of a process pays one-off SDK set-up (pydantic schemas, the HTTP
    # pool) between the limiter's clock and the wire; make it before the measured run.
    await provider.generate_section(section_request(instructions=f"{WARM_UP} {os.getpid()}"))
    (barrier / f"ready-{os.getpid()}").touch()
    deadline = time.monotonic() + 60
    while not (barrier / "go").exists():
        if time.monotonic() > deadline:
            raise SystemExit("no go signal")
        await asyncio.sleep(0.02)
    outcomes: list[str] = []

    async def one(number: int) -> None:
        request = section_request(instructions=f"Call {number} of process {os.getpid()}.")
        try:
            await provider.generate_section(request)
            outcomes.append("ok")
        except Exception as exc:
            outcomes.append(type(exc).__name__)

    try:
        await asyncio.gather(*(one(n) for n in range(calls)))
    finally:
        await close_provider(provider)
        await database.dispose()
    return {"pid": os.getpid(), "outcomes": outcomes}


def main() -> None:
    settings = Settings.model_validate(orjson.loads(sys.argv[1]))
    summary = asyncio.run(run(settings, Path(sys.argv[2]), int(sys.argv[3])))
    sys.stdout.write(orjson.dumps(summary).decode() + "\n")


if __name__ == "__main__":
    main()
