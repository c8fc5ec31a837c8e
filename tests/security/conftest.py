"""Security suite fixtures: the fictional world (two teachers and an admin) on each database."""

from __future__ import annotations

import pytest

from iepgen.config import Settings
from iepgen.db import Database
from tests.security.world import World, build_world


@pytest.fixture
async def world(settings: Settings, database: Database) -> World:
    return await build_world(settings)
