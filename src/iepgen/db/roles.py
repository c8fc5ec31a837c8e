"""The PostgreSQL role the app runs as: not the owner of any table, only the rights it needs.

Migrations run as the schema owner; the API and workers connect as this role. It may read
and write the records, but it can only add to and read the audit log, and, not owning the
table, it can neither drop nor disable the trigger that refuses UPDATE and DELETE there
(IDEA §300.614: a log the application itself could rewrite proves nothing).
"""

from __future__ import annotations

import re
from typing import Final

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

ROLE_NAME: Final = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
# Tables the role may only read and append to.
APPEND_ONLY: Final = ("audit_log",)
READ_ONLY: Final = ("alembic_version",)


class RoleError(ValueError):
    """The role name or the connection cannot be used for the app's role."""


def _literal(value: str) -> str:
    if "\x00" in value:
        raise RoleError("The password must not contain NUL characters.")
    return "'" + value.replace("'", "''") + "'"


async def grant_app_role(
    connection: AsyncConnection, role: str, *, password: str | None = None
) -> list[str]:
    """Create `role` if missing and give it exactly the app's rights; returns the statements.

    Idempotent: run after every migration (new tables get their grants). `connection` must
    be the schema owner's.
    """
    if not ROLE_NAME.match(role):
        raise RoleError("The role name must be lower-case letters, digits and underscores.")
    if connection.dialect.name != "postgresql":
        raise RoleError("Roles and grants are for PostgreSQL; SQLite has no users.")
    current = (await connection.execute(text("SELECT current_user"))).scalar_one()
    if current == role:
        raise RoleError("The app's role must not be the schema owner running this command.")
    database = (await connection.execute(text("SELECT current_database()"))).scalar_one()
    exists = (
        await connection.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role})
    ).first()
    quoted = f'"{role}"'
    statements: list[str] = []
    if exists is None:
        statements.append(
            f"CREATE ROLE {quoted} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION"
        )
    else:
        statements.append(
            f"ALTER ROLE {quoted} NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS"
        )
    if password:
        statements.append(f"ALTER ROLE {quoted} PASSWORD {_literal(password)}")
    statements += [
        f'GRANT CONNECT ON DATABASE "{database}" TO {quoted}',
        "REVOKE CREATE ON SCHEMA public FROM PUBLIC",
        f"REVOKE CREATE ON SCHEMA public FROM {quoted}",
        f"GRANT USAGE ON SCHEMA public TO {quoted}",
        f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {quoted}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {quoted}",
        *(f"REVOKE UPDATE, DELETE ON {table} FROM {quoted}" for table in APPEND_ONLY),
        *(f"REVOKE INSERT, UPDATE, DELETE ON {table} FROM {quoted}" for table in READ_ONLY),
        f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM {quoted}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {quoted}",
    ]
    for statement in statements:
        await connection.execute(text(statement))
    return [s if "PASSWORD" not in s else f"ALTER ROLE {quoted} PASSWORD '…'" for s in statements]
