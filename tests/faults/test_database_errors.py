"""Which database errors mean "the database is away" (wait and retry) rather than a bug."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError

from iepgen.queue.connectivity import is_connection_error


class DriverError(Exception):
    """What SQLAlchemy's asyncpg adapter raises: the server's SQLSTATE on `.sqlstate`."""

    def __init__(self, sqlstate: str) -> None:
        super().__init__(f"SQLSTATE {sqlstate}")
        self.sqlstate = sqlstate


@pytest.mark.parametrize(
    ("sqlstate", "away"),
    [
        ("57P03", True),  # the database system is starting up (seen in the restart test)
        ("57P01", True),  # terminating connection due to administrator command
        ("57P02", True),  # crash shutdown
        ("08006", True),  # connection failure
        ("08001", True),  # unable to connect
        ("57014", False),  # query canceled: not the server going away
        ("23505", False),  # unique violation: a bug or a conflict, never a wait
        ("", False),
    ],
)
def test_server_states_that_mean_the_database_is_away(sqlstate: str, away: bool) -> None:
    assert is_connection_error(DBAPIError("SELECT 1", None, DriverError(sqlstate))) is away


def test_operational_errors_and_invalidated_connections_are_waits_integrity_errors_are_not() -> (
    None
):
    assert is_connection_error(OperationalError("SELECT 1", None, Exception("locked")))
    invalidated = DBAPIError("SELECT 1", None, Exception("gone"), connection_invalidated=True)
    assert is_connection_error(invalidated)
    assert not is_connection_error(IntegrityError("INSERT", None, DriverError("23505")))
