"""The `iepgen` command line: serve | worker | db | users | demo | seed-demo."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from iepgen.config import get_settings
from iepgen.db import create_database
from iepgen.db import migrate as migrations

app = typer.Typer(help="iepgen: drafts IEPs as asynchronous jobs.", no_args_is_help=True)
db_app = typer.Typer(help="Database: migrations, checks, backups.", no_args_is_help=True)
users_app = typer.Typer(help="User accounts and API tokens.", no_args_is_help=True)
app.add_typer(db_app, name="db")
llm_app = typer.Typer(help="Generation provider: connection check.", no_args_is_help=True)
app.add_typer(users_app, name="users")
app.add_typer(llm_app, name="llm")

console = Console(stderr=True)


@db_app.command("upgrade")
def db_upgrade(revision: str = "head") -> None:
    """Apply migrations, then make sure the built-in templates exist."""
    from iepgen.templates.service import ensure_builtin_templates

    settings = get_settings()

    async def run() -> None:
        await migrations.upgrade(settings.database_url, revision)
        database = create_database(settings)
        try:
            async with database.transaction() as session:
                await ensure_builtin_templates(session)
        finally:
            await database.dispose()

    asyncio.run(run())
    console.print(f"[green]Database is at revision {revision}.[/green]")


@db_app.command("check")
def db_check() -> None:
    """Connectivity and migration state; exits 1 when not reachable or not current."""
    import orjson

    settings = get_settings()

    async def run() -> dict[str, object]:
        database = create_database(settings)
        try:
            return await migrations.check(database)
        finally:
            await database.dispose()

    result = asyncio.run(run())
    sys.stdout.write(orjson.dumps(result, option=orjson.OPT_INDENT_2).decode() + "\n")
    if not (result.get("connected") and result.get("up_to_date")):
        raise typer.Exit(1)


@db_app.command("grant-app-role")
def db_grant_app_role(
    role: Annotated[str, typer.Argument(help="The role the API and workers connect as.")],
    password_env: Annotated[
        str | None,
        typer.Option(help="Name of an environment variable holding the role's password."),
    ] = None,
) -> None:
    """PostgreSQL: make ROLE the app's non-owner login with only the rights it needs (run as
    the schema owner after `db upgrade`; safe to repeat)."""
    from iepgen.db.roles import RoleError, grant_app_role

    settings = get_settings()
    password = os.environ.get(password_env) if password_env else None
    if password_env and not password:
        console.print(f"[red]{password_env} is not set.[/red]")
        raise typer.Exit(2)

    async def run() -> list[str]:
        database = create_database(settings)
        try:
            async with database.engine.begin() as connection:
                return await grant_app_role(connection, role, password=password)
        finally:
            await database.dispose()

    try:
        statements = asyncio.run(run())
    except RoleError as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from exc
    for statement in statements:
        console.print(statement)
    console.print(f"[green]Role {role} has the app's rights and no more.[/green]")


@llm_app.command("check")
def llm_check() -> None:
    """One tiny call to the configured provider; exits 1 when it does not answer."""
    import orjson

    from iepgen.llm.check import check_provider
    from iepgen.logging import configure_logging

    settings = get_settings()
    # Logs (a refused structured-output mode, say) go to stderr: stdout is the JSON report.
    configure_logging("WARNING", json=settings.log_json)
    result = asyncio.run(check_provider(settings))
    sys.stdout.write(orjson.dumps(result.as_dict(), option=orjson.OPT_INDENT_2).decode() + "\n")
    if not result.ok:
        raise typer.Exit(1)


@db_app.command("backup")
def db_backup(path: Path) -> None:
    """Copy the SQLite database to PATH with SQLite's online backup (safe while running)."""
    import sqlite3

    from sqlalchemy.engine import make_url

    settings = get_settings()
    url = make_url(settings.database_url)
    if not url.drivername.startswith("sqlite") or not url.database:
        console.print("[red]db backup is for SQLite files; use pg_dump for PostgreSQL.[/red]")
        raise typer.Exit(2)
    try:
        # Created here, owner-only, before SQLite writes a byte of student data into it.
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    except FileExistsError:
        console.print(f"[red]{path} exists; refusing to overwrite it.[/red]")
        raise typer.Exit(2) from None
    source = sqlite3.connect(url.database)
    target = sqlite3.connect(path)
    try:
        with target:
            source.backup(target)
        check = target.execute("PRAGMA integrity_check").fetchone()
    finally:
        target.close()
        source.close()
    if not check or check[0] != "ok":
        console.print(f"[red]The backup failed its integrity check: {check}[/red]")
        raise typer.Exit(1)
    console.print(f"[green]Backed up to {path} (integrity check ok).[/green]")


@users_app.command("create")
def users_create(
    username: str,
    role: Annotated[str, typer.Option(help="teacher or admin")] = "teacher",
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read a web sign-in password from stdin.")
    ] = False,
) -> None:
    """Create a user; the new API token is printed alone on the last line of stdout."""
    from pydantic import ValidationError

    from iepgen.errors import Conflict
    from iepgen.users.schemas import UserCreate
    from iepgen.users.service import create_user

    password = sys.stdin.readline().rstrip("\n") if password_stdin else None
    try:
        body = UserCreate.model_validate({"username": username, "role": role, "password": password})
    except ValidationError as exc:
        for error in exc.errors():
            console.print(f"[red]{'.'.join(map(str, error['loc']))}: {error['msg']}[/red]")
        raise typer.Exit(2) from exc
    settings = get_settings()

    async def run() -> str:
        database = create_database(settings)
        try:
            async with database.transaction() as session:
                _, token = await create_user(
                    session,
                    username=body.username,
                    role=body.role,
                    password=body.password,
                    token_days=settings.api_token_days,
                )
                return token
        finally:
            await database.dispose()

    try:
        token = asyncio.run(run())
    except Conflict as exc:
        console.print(f"[red]{exc.message}[/red]")
        raise typer.Exit(1) from exc
    console.print(f"Created {body.role} '{body.username}'. The token is shown once:")
    sys.stdout.write(token + "\n")


def _account_command(username: str, work: Any) -> Any:
    """Run `work(session, user, admin_actor)` on the named account in one transaction."""
    from iepgen.errors import IepgenError
    from iepgen.users.service import Actor, user_named

    settings = get_settings()

    async def run() -> Any:
        database = create_database(settings)
        try:
            async with database.transaction() as session:
                user = await user_named(session, username)
                if user is None:
                    raise typer.BadParameter(f"There is no user named '{username}'.")
                # The command line acts as the system: audited with no user id.
                system = Actor(id="", username="cli", role="admin")
                return await work(session, user, system)
        finally:
            await database.dispose()

    try:
        return asyncio.run(run())
    except IepgenError as exc:
        console.print(f"[red]{exc.message}[/red]")
        raise typer.Exit(1) from exc
    except typer.BadParameter as exc:
        console.print(f"[red]{exc.message}[/red]")
        raise typer.Exit(1) from exc


@users_app.command("tokens")
def users_tokens(username: str) -> None:
    """List a user's API tokens: id, label, created, last used, expiry, revoked."""
    from iepgen.db.base import utcnow
    from iepgen.users.accounts import tokens_of
    from iepgen.users.schemas import TokenOut

    async def work(session: Any, user: Any, _system: Any) -> list[TokenOut]:
        now = utcnow()
        return [TokenOut.of(row, now) for row in await tokens_of(session, user.id)]

    for token in _account_command(username, work):
        state = "active" if token.active else ("revoked" if token.revoked_at else "expired")
        used = token.last_used_at.isoformat() if token.last_used_at else "never"
        expires = token.expires_at.isoformat() if token.expires_at else "never"
        sys.stdout.write(
            f"{token.id}  {state:<8} expires {expires}  last used {used}  {token.label or ''}\n"
        )


@users_app.command("token-create")
def users_token_create(
    username: str,
    label: Annotated[str | None, typer.Option(help="What the token is for.")] = None,
    expires_in_days: Annotated[
        int | None, typer.Option(min=1, max=3650, help="Default: API_TOKEN_DAYS.")
    ] = None,
) -> None:
    """Issue a new API token; it is printed alone on the last line of stdout."""
    from iepgen.users.accounts import new_token

    days = expires_in_days or get_settings().api_token_days

    async def work(session: Any, user: Any, system: Any) -> str:
        token, _ = await new_token(session, system, user, label=label, days=days)
        return token

    token = _account_command(username, work)
    console.print(f"New token for '{username}', valid {days} days. It is shown once:")
    sys.stdout.write(token + "\n")


@users_app.command("token-revoke")
def users_token_revoke(username: str, token_id: str) -> None:
    """Revoke one of a user's tokens (its id from `iepgen users tokens`)."""
    from iepgen.db.base import utcnow
    from iepgen.users.accounts import revoke_token

    async def work(session: Any, user: Any, system: Any) -> None:
        await revoke_token(session, system, user, token_id, now=utcnow())

    _account_command(username, work)
    console.print(f"[green]Token {token_id} is revoked.[/green]")


@users_app.command("deactivate")
def users_deactivate(username: str) -> None:
    """Stop an account at once: its web sessions end and its tokens are revoked."""
    from iepgen.db.base import utcnow
    from iepgen.users.accounts import deactivate

    async def work(session: Any, user: Any, system: Any) -> None:
        await deactivate(session, system, user, now=utcnow())

    _account_command(username, work)
    console.print(f"[green]'{username}' is deactivated.[/green]")


@users_app.command("reactivate")
def users_reactivate(username: str) -> None:
    """Let a deactivated account sign in again (issue a new token with token-create)."""
    from iepgen.users.accounts import reactivate

    async def work(session: Any, user: Any, system: Any) -> None:
        await reactivate(session, system, user)

    _account_command(username, work)
    console.print(f"[green]'{username}' is active again.[/green]")


@users_app.command("reset-password")
def users_reset_password(
    username: str,
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the temporary password from stdin.")
    ] = False,
) -> None:
    """Set a temporary password (printed alone on the last line unless read from stdin);
    the user must choose a new one at sign-in. Ends their sessions and lifts sign-in locks."""
    from pydantic import ValidationError

    from iepgen.db.base import utcnow
    from iepgen.users.accounts import reset_password
    from iepgen.users.schemas import PasswordReset
    from iepgen.users.sign_in_throttle import SignInThrottle

    given = sys.stdin.readline().rstrip("\n") if password_stdin else None
    try:
        body = PasswordReset.model_validate({"password": given})
    except ValidationError as exc:
        for error in exc.errors():
            console.print(f"[red]password: {error['msg']}[/red]")
        raise typer.Exit(2) from exc
    throttle = SignInThrottle.of(get_settings())

    async def work(session: Any, user: Any, system: Any) -> str:
        return await reset_password(
            session, system, user, throttle, now=utcnow(), password=body.password
        )

    temporary = _account_command(username, work)
    console.print(f"Password of '{username}' reset; they must change it at sign-in.")
    if not password_stdin:
        sys.stdout.write(temporary + "\n")


@users_app.command("unlock")
def users_unlock(username: str) -> None:
    """Lift every sign-in lock on an account."""
    from iepgen.users.accounts import unlock
    from iepgen.users.sign_in_throttle import SignInThrottle

    throttle = SignInThrottle.of(get_settings())

    async def work(session: Any, user: Any, system: Any) -> int:
        return await unlock(session, system, user, throttle)

    lifted = _account_command(username, work)
    console.print(f"[green]'{username}' unlocked ({lifted} lock(s) lifted).[/green]")


@app.command("seed-demo")
def seed_demo() -> None:
    """Add the fictional demo teacher, admin and students (idempotent) and print sign-in."""
    from iepgen.demo_data import seed_demo_data

    settings = get_settings()
    if settings.environment == "production":
        # The demo accounts' passwords are printed and published: never in production.
        console.print(
            "[red]seed-demo refuses to run with ENVIRONMENT=production: the demo accounts "
            "have published passwords. Create real accounts with `iepgen users create`.[/red]"
        )
        raise typer.Exit(2)

    async def run() -> list[tuple[str, str, str, str]]:
        database = create_database(settings)
        try:
            async with database.transaction() as session:
                return await seed_demo_data(session)
        finally:
            await database.dispose()

    accounts = asyncio.run(run())
    console.print("\n[bold]Demo accounts (fictional data only):[/bold]")
    for username, role, password, token in accounts:
        console.print(f"  {role:<8} {username:<10} password: {password:<14} token: {token}")
    console.print(
        f"\nOpen http://{settings.host}:{settings.port}/ and sign in, or call the API with\n"
        f"  curl -H 'Authorization: Bearer <token>' "
        f"http://{settings.host}:{settings.port}/api/v1/students\n"
    )


@app.command("demo")
def demo(
    student: Annotated[
        str | None, typer.Option(help="A student's name or id (default: the first demo student).")
    ] = None,
    out: Annotated[Path | None, typer.Option(help="Where to write the Markdown draft.")] = None,
) -> None:
    """Draft an IEP end to end for a (fictional) demo student and write it as Markdown."""
    from iepgen.demo import DemoResult, run_demo, summary_table
    from iepgen.errors import IepgenError
    from iepgen.logging import configure_logging

    settings = get_settings()
    # Keep the progress bar readable: only warnings and errors are logged during the demo.
    configure_logging("WARNING", json=settings.log_json)

    async def run() -> DemoResult:
        await migrations.upgrade(settings.database_url, "head")
        database = create_database(settings)
        try:
            return await run_demo(database, settings, student=student, out=out, console=console)
        finally:
            await database.dispose()

    try:
        result = asyncio.run(run())
    except IepgenError as exc:
        console.print(f"[red]{exc.message}[/red]")
        raise typer.Exit(1) from exc
    console.print(summary_table(result))
    console.print(f"[green]Wrote {result.out}[/green] (IEP {result.iep_id}).")


@app.command("serve")
def serve(
    host: Annotated[str | None, typer.Option(help="Interface to bind.")] = None,
    port: Annotated[int | None, typer.Option(help="Port (default 8005).")] = None,
    worker: Annotated[bool, typer.Option("--worker/--no-worker", help="Embed a worker.")] = True,
) -> None:
    """Serve the API and web UI (with an embedded worker unless --no-worker)."""
    import uvicorn

    from iepgen.api.server import server_config
    from iepgen.app import create_app
    from iepgen.config import is_loopback, secret_key_problem
    from iepgen.logging import configure_logging

    settings = get_settings()
    bind = host or settings.host
    key_problem = secret_key_problem(settings.secret_key.get_secret_value())
    if key_problem and not is_loopback(bind):
        # Anyone who can reach the port could sign a session cookie with a published key.
        console.print(
            f"[red]Refusing to listen on {bind}: {key_problem}. Set SECRET_KEY to a random "
            "value (e.g. `openssl rand -hex 32`), or listen on 127.0.0.1.[/red]"
        )
        raise typer.Exit(2)
    configure_logging(settings.log_level, json=settings.log_json)
    application = create_app(settings, embedded_worker=worker)
    uvicorn.Server(
        server_config(application, settings, host=bind, port=port or settings.port)
    ).run()


@app.command("worker")
def worker(
    workers: Annotated[
        int | None, typer.Option("--workers", min=1, max=64, help="Processes (NUM_WORKERS).")
    ] = None,
    poll_interval: Annotated[
        float | None,
        typer.Option("--poll-interval", min=0.01, help="Seconds between idle polls."),
    ] = None,
    concurrency: Annotated[
        int | None,
        typer.Option("--concurrency", min=1, max=256, help="Jobs at once per process."),
    ] = None,
    claim_timeout: Annotated[
        float | None,
        typer.Option("--claim-timeout", min=1, help="Lease seconds; heartbeats every quarter."),
    ] = None,
    test: Annotated[
        bool, typer.Option("--test", help="Run the self-check instead, then exit 0 or 1.")
    ] = False,
) -> None:
    """Run queue worker processes until SIGTERM/SIGINT (a second signal stops at once)."""
    from iepgen.worker_app import WorkerOverrides, run_workers

    if test:
        raise typer.Exit(run_selfcheck_command())
    settings = get_settings()
    overrides = WorkerOverrides(
        concurrency=concurrency, poll_interval=poll_interval, claim_timeout=claim_timeout
    )
    raise typer.Exit(run_workers(workers or settings.num_workers, overrides))


def run_selfcheck_command() -> int:
    """Print the self-check as a table; 0 when nothing failed."""
    from rich.table import Table

    from iepgen.logging import configure_logging
    from iepgen.selfcheck import run_selfcheck

    settings = get_settings()
    configure_logging("WARNING", json=settings.log_json)
    checks = asyncio.run(run_selfcheck(settings))
    table = Table(title="iepgen self-check")
    table.add_column("check")
    table.add_column("result")
    table.add_column("detail")
    for check in checks:
        mark = {True: "[green]ok[/green]", False: "[red]FAILED[/red]", None: "skipped"}[check.ok]
        table.add_row(check.name, mark, check.detail)
    out = Console()
    out.print(table)
    failed = [check.name for check in checks if check.ok is False]
    if failed:
        out.print(f"[red]Self-check failed: {', '.join(failed)}.[/red]")
        return 1
    out.print("[green]Self-check passed.[/green]")
    return 0
