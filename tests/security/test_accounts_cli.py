"""`iepgen users tokens | token-create | token-revoke | deactivate | reactivate |
reset-password | unlock`: the same lifecycle as the API, for whoever runs the server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from iepgen.cli import app
from iepgen.config import get_settings
from tests.databases import SQLiteTemplate


@pytest.fixture
def env(tmp_path: Path, sqlite_template: SQLiteTemplate) -> Iterator[dict[str, str]]:
    get_settings.cache_clear()
    yield {"DATABASE_URL": sqlite_template.fresh_copy(tmp_path / "cli.db")}
    get_settings.cache_clear()


def run(env: dict[str, str], *args: str, stdin: str | None = None) -> tuple[int, str]:
    get_settings.cache_clear()
    result = CliRunner().invoke(app, ["users", *args], env=env, input=stdin)
    return result.exit_code, result.stdout


def test_the_account_lifecycle_from_the_command_line(env: dict[str, str]) -> None:
    code, out = run(
        env, "create", "kpatel", "--role", "teacher", "--password-stdin", stdin="first-password-1\n"
    )
    assert code == 0
    first_token = out.strip().splitlines()[-1]

    code, out = run(env, "token-create", "kpatel", "--label", "sync", "--expires-in-days", "7")
    assert code == 0
    second_token = out.strip().splitlines()[-1]
    assert second_token.startswith("iep_") and second_token != first_token

    code, out = run(env, "tokens", "kpatel")
    lines = out.strip().splitlines()
    assert code == 0 and len(lines) == 2 and all(" active " in line for line in lines)
    assert first_token not in out and second_token not in out
    sync_id = next(line.split()[0] for line in lines if line.endswith("sync"))

    assert run(env, "token-revoke", "kpatel", sync_id)[0] == 0
    assert sum(" revoked " in line for line in run(env, "tokens", "kpatel")[1].splitlines()) == 1

    code, out = run(env, "reset-password", "kpatel")
    assert code == 0 and len(out.strip().splitlines()[-1]) >= 12
    assert run(env, "unlock", "kpatel")[0] == 0

    assert run(env, "deactivate", "kpatel")[0] == 0
    assert all(" revoked " in line for line in run(env, "tokens", "kpatel")[1].splitlines())
    assert run(env, "reactivate", "kpatel")[0] == 0
    assert run(env, "token-create", "kpatel")[0] == 0

    code, _ = run(env, "deactivate", "nobody")
    assert code == 1
    code, _ = run(env, "reset-password", "kpatel", "--password-stdin", stdin="short\n")
    assert code == 2
