"""What ships: compose on loopback behind a TLS proxy, the app as a non-owner PostgreSQL
role that cannot touch the audit trigger, locks with hashes, images pinned by digest, and a
server that drops slow clients instead of holding them."""

from __future__ import annotations

import asyncio
import re
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import asyncpg
import pytest
import uvicorn
import yaml

from iepgen.api.server import server_config
from iepgen.app import create_app
from iepgen.db import create_database
from iepgen.db.roles import grant_app_role
from tests.conftest import make_settings
from tests.databases import POSTGRES_ADMIN_DSN, SQLiteTemplate, migrate

ROOT = Path(__file__).resolve().parents[2]
DIGEST = re.compile(r"@sha256:[0-9a-f]{64}$")


def compose() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    return loaded


def test_compose_publishes_only_on_loopback_and_comes_in_through_caddy() -> None:
    services = compose()["services"]
    for name, service in services.items():
        for port in service.get("ports", []):
            host = str(port).rsplit(":", 2)[0]
            assert host in ("127.0.0.1", "${IEPGEN_PUBLIC_BIND:-127.0.0.1}"), (name, port)
    caddy = services["caddy"]
    assert any(str(p).endswith(":443:443") for p in caddy["ports"])
    assert "./deploy/Caddyfile:/etc/caddy/Caddyfile:ro" in caddy["volumes"]
    proxy_ip = caddy["networks"]["backend"]["ipv4_address"]
    api_env = services["api"]["environment"]
    assert api_env["FORWARDED_ALLOW_IPS"] == proxy_ip
    assert api_env["ENVIRONMENT"] == "${ENVIRONMENT:-production}"
    assert api_env["METRICS_REQUIRE_AUTH"] == "true"
    caddyfile = (ROOT / "deploy" / "Caddyfile").read_text()
    assert "reverse_proxy api:8005" in caddyfile and "read_header 10s" in caddyfile


def test_the_app_and_workers_connect_as_the_app_role_and_only_migrate_as_owner() -> None:
    services = compose()["services"]
    for name in ("api", "worker"):
        assert "//iepgen_app:" in services[name]["environment"]["DATABASE_URL"], name
    migrate_service = services["migrate"]
    assert "//iepgen_owner:" in migrate_service["environment"]["DATABASE_URL"]
    assert "grant-app-role iepgen_app" in " ".join(migrate_service["command"])
    assert services["postgres"]["environment"]["POSTGRES_USER"] == "iepgen_owner"


def test_every_image_is_pinned_by_digest_and_runs_production_by_default() -> None:
    for name, service in compose()["services"].items():
        if "image" in service and "build" not in service:
            assert DIGEST.search(service["image"]), name
    dockerfile = (ROOT / "Dockerfile").read_text()
    (base,) = re.findall(r"^FROM (\S+)", dockerfile, flags=re.MULTILINE)
    assert base.startswith("python:3.11-slim@") and DIGEST.search(base)
    assert "ENVIRONMENT=production" in dockerfile
    assert "pip install --require-hashes -r requirements-runtime.lock" in dockerfile
    assert re.search(r"^USER iepgen$", dockerfile, flags=re.MULTILINE)


@pytest.mark.parametrize("lock", ["requirements.lock", "requirements-runtime.lock"])
def test_lock_files_pin_every_package_with_hashes(lock: str) -> None:
    text = (ROOT / lock).read_text()
    entries = re.split(r"\n(?=[a-z0-9])", text.split("\n", 2)[2], flags=re.IGNORECASE)
    packages = [entry for entry in entries if re.match(r"^[A-Za-z0-9]", entry)]
    assert len(packages) > 20
    for entry in packages:
        assert "==" in entry.split("\n")[0], entry[:60]
        assert re.search(r"--hash=sha256:[0-9a-f]{64}", entry), entry.split()[0]
    makefile = (ROOT / "Makefile").read_text()
    assert makefile.count("--generate-hashes") == 2
    assert "--require-hashes -r requirements.lock" in makefile


# --- the app's PostgreSQL role --------------------------------------------------------


async def _admin(sql: str, dsn: str = POSTGRES_ADMIN_DSN) -> None:
    connection = await asyncpg.connect(dsn, timeout=10)
    try:
        await connection.execute(sql)
    finally:
        await connection.close()


@pytest.fixture
def role_database() -> Iterator[tuple[str, str]]:
    """A migrated database of its own and a fresh role name; both removed after."""
    name = f"iepgen_roles_{uuid.uuid4().hex[:10]}"
    role = f"iepgen_app_{uuid.uuid4().hex[:10]}"
    asyncio.run(_admin(f'CREATE DATABASE "{name}"'))
    base = POSTGRES_ADMIN_DSN.rsplit("/", 1)[0]
    owner_url = "postgresql+asyncpg://" + f"{base}/{name}".split("://", 1)[1]
    try:
        migrate(owner_url)
        yield owner_url, role
    finally:
        asyncio.run(_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        asyncio.run(_admin(f'DROP ROLE IF EXISTS "{role}"'))


async def _grant(owner_url: str, role: str) -> None:
    database = create_database(make_settings(owner_url))
    try:
        async with database.engine.begin() as connection:
            await grant_app_role(connection, role, password="fictional-app-password")
            # Twice: the command runs after every migration.
            await grant_app_role(connection, role)
    finally:
        await database.dispose()


async def _refusals(role_dsn: str) -> dict[str, str]:
    statements = {
        "update": "UPDATE audit_log SET action = 'rewritten'",
        "delete": "DELETE FROM audit_log",
        "truncate": "TRUNCATE audit_log",
        "drop_trigger": "DROP TRIGGER audit_log_no_rewrite ON audit_log",
        "disable_trigger": "ALTER TABLE audit_log DISABLE TRIGGER ALL",
        "replica": "SET session_replication_role = replica",
        "drop_table": "DROP TABLE students",
        "create_table": "CREATE TABLE mine (id int)",
        "alembic": "UPDATE alembic_version SET version_num = 'x'",
    }
    connection = await asyncpg.connect(role_dsn, timeout=10)
    refused: dict[str, str] = {}
    try:
        await connection.execute(
            "INSERT INTO audit_log (at, action, fields, detail) "
            "VALUES (now(), 'role.probe', '[]', '{}')"
        )
        assert await connection.fetchval("SELECT count(*) FROM audit_log") >= 1
        for label, sql in statements.items():
            try:
                await connection.execute(sql)
            except asyncpg.PostgresError as exc:
                refused[label] = type(exc).__name__
        is_super = await connection.fetchval(
            "SELECT rolsuper FROM pg_roles WHERE rolname = current_user"
        )
        assert is_super is False
    finally:
        await connection.close()
    return refused


@pytest.mark.postgres
def test_the_app_role_cannot_rewrite_or_unprotect_the_audit_log(
    role_database: tuple[str, str],
) -> None:
    owner_url, role = role_database
    asyncio.run(_grant(owner_url, role))
    role_dsn = owner_url.replace("postgresql+asyncpg://postgres@", f"postgresql://{role}@")
    refused = asyncio.run(_refusals(role_dsn))
    assert set(refused) == {
        "update",
        "delete",
        "truncate",
        "drop_trigger",
        "disable_trigger",
        "replica",
        "drop_table",
        "create_table",
        "alembic",
    }
    assert refused["drop_trigger"] == "InsufficientPrivilegeError"


async def _run_the_app_as(url: str) -> None:
    import httpx

    from iepgen.templates.service import ensure_builtin_templates
    from tests.factories import make_user, student_body

    settings = make_settings(url)
    database = create_database(settings)
    try:
        async with database.transaction() as session:
            await ensure_builtin_templates(session)
        teacher = await make_user(database, "teacher")
        app = create_app(settings, database)
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
                created = await client.post(
                    "/api/v1/students", json=student_body(), headers=teacher.headers
                )
                assert created.status_code == 201, created.text
                student_id = created.json()["id"]
                job = await client.post(
                    "/api/v1/jobs/iep-generation",
                    json={"student_id": student_id, "academic_year": "2025-2026"},
                    headers=teacher.headers,
                )
                assert job.status_code == 202, job.text
                log = await client.get(
                    f"/api/v1/students/{student_id}/access-log", headers=teacher.headers
                )
                assert log.status_code == 200 and log.json()["total"] >= 2
                gone = await client.delete(
                    f"/api/v1/students/{student_id}", headers=teacher.headers
                )
                assert gone.status_code == 204
    finally:
        await database.dispose()


@pytest.mark.postgres
def test_the_app_works_with_only_the_app_role_s_rights(role_database: tuple[str, str]) -> None:
    owner_url, role = role_database
    asyncio.run(_grant(owner_url, role))
    asyncio.run(_run_the_app_as(owner_url.replace("//postgres@", f"//{role}@")))


# --- slow clients -----------------------------------------------------------------------


@pytest.fixture
def slow_server(tmp_path: Path, sqlite_template: SQLiteTemplate) -> Iterator[int]:
    """A real uvicorn on 127.0.0.1 with a 1 s header deadline and room for 20 connections."""
    settings = make_settings(
        sqlite_template.fresh_copy(tmp_path / "slow.db"),
        http_header_timeout_seconds=1.0,
        http_max_connections=20,
    )
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port: int = sock.getsockname()[1]
    config = server_config(create_app(settings), settings, host="127.0.0.1", port=port)
    config.log_level = "warning"
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline, "server did not start"
        time.sleep(0.02)
    try:
        yield port
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def _health(port: int) -> int:
    with socket.create_connection(("127.0.0.1", port), timeout=5) as conn:
        conn.sendall(b"GET /api/v1/jobs/health HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
        reply = b""
        while chunk := conn.recv(4096):
            reply += chunk
    return int(reply.split(b" ", 2)[1])


def _closed_by_server(conn: socket.socket) -> bool:
    try:
        return conn.recv(1) == b""
    except (ConnectionResetError, TimeoutError):
        return False


def test_slowloris_connections_are_dropped_and_real_clients_still_served(
    slow_server: int,
) -> None:
    port = slow_server
    started = time.monotonic()
    slow: list[socket.socket] = []
    try:
        for _ in range(40):  # twice the connection cap
            conn = socket.create_connection(("127.0.0.1", port), timeout=3)
            conn.sendall(b"GET /api/v1/jobs/health HTTP/1.1\r\nHost: t\r\n")
            slow.append(conn)
        # Keep trickling a header byte, as a slowloris does; the deadline is per request.
        for _ in range(3):
            time.sleep(0.4)
            for conn in slow:
                try:
                    conn.sendall(b"X")
                except OSError:
                    pass
        for conn in slow:
            conn.settimeout(3)
        dropped = sum(_closed_by_server(conn) for conn in slow)
        assert dropped == len(slow)
        assert time.monotonic() - started < 8
        assert _health(port) in (200, 503)
    finally:
        for conn in slow:
            conn.close()
