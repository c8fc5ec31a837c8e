"""A real server (`iepgen serve`: SQLite file, offline provider, embedded worker) and Chromium.

The browser is Debian's Chromium (`make browser` installs it with apt-get), never a
downloaded build; axe-core comes from the npm registry (`tests/e2e/package.json`,
installed by `make browser` with `npm ci`).
"""

from __future__ import annotations

import asyncio
import os
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, Playwright, sync_playwright

from iepgen.config import Settings
from iepgen.db import create_database
from tests.databases import SQLiteTemplate
from tests.factories import make_user

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_PATH = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
SERVER_START_SECONDS = 40


@dataclass(frozen=True)
class Account:
    username: str
    password: str
    display_name: str


@dataclass(frozen=True)
class LiveServer:
    url: str
    teacher: Account
    other_teacher: Account
    admin: Account
    # The server's database, for tests that seed records a browser flow would take long to make.
    database_url: str = ""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


async def _create_accounts(url: str, accounts: dict[str, tuple[str, Account]]) -> None:
    settings = Settings.model_validate({"environment": "test", "database_url": url})
    database = create_database(settings)
    try:
        for role, account in accounts.values():
            await make_user(
                database,
                role,
                username=account.username,
                password=account.password,
                display_name=account.display_name,
            )
    finally:
        await database.dispose()


def _wait_until_up(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + SERVER_START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited early:\n{log.read_text()[-4000:]}")
        try:
            if httpx.get(f"{url}/signin", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.25)
    raise RuntimeError(f"the server did not answer in time:\n{log.read_text()[-4000:]}")


@pytest.fixture(scope="module")
def live_server(
    tmp_path_factory: pytest.TempPathFactory, sqlite_template: SQLiteTemplate
) -> Iterator[LiveServer]:
    directory = tmp_path_factory.mktemp("e2e-server")
    url = sqlite_template.fresh_copy(directory / "iepgen.db")
    accounts = {
        "teacher": ("teacher", Account("jellis", secrets.token_urlsafe(12), "Jordan Ellis")),
        "other": ("teacher", Account("mpatel", secrets.token_urlsafe(12), "Mina Patel")),
        "admin": ("admin", Account("district-admin", secrets.token_urlsafe(12), "Dana Admin")),
    }
    # Playwright's sync API keeps an event loop running on this thread: use another one.
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, _create_accounts(url, accounts)).result()
    port = _free_port()
    env = {
        **os.environ,
        "ENVIRONMENT": "test",
        "DATABASE_URL": url,
        "LLM_PROVIDER": "offline",
        "GEMINI_API_KEY": "",
        "POLL_INTERVAL": "0.2",
        "SECRET_KEY": secrets.token_urlsafe(40),
        "LOG_LEVEL": "WARNING",
        "NO_PROXY": "127.0.0.1,localhost",
    }
    env.pop("GEMINI_API_KEY")
    log = directory / "server.log"
    # The installed console script: exactly what `make run` and an operator start.
    command = [str(Path(sys.executable).parent / "iepgen"), "serve", "--host", "127.0.0.1"]
    command += ["--port", str(port)]
    with log.open("wb") as output:
        process = subprocess.Popen(command, env=env, stdout=output, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base, process, log)
        yield LiveServer(
            url=base,
            teacher=accounts["teacher"][1],
            other_teacher=accounts["other"][1],
            admin=accounts["admin"][1],
            database_url=url,
        )
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


@pytest.fixture(scope="module")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="module")
def browser(playwright: Playwright) -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail("Chromium is missing: run `make browser` (apt-get install chromium).")
    if not AXE_PATH.exists():
        pytest.fail("axe-core is missing: run `make browser` (npm ci in tests/e2e).")
    chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    yield chromium
    chromium.close()


@pytest.fixture(scope="module")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
