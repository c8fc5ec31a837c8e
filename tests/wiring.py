"""What a worker process builds, built the same way for tests (`iepgen.components`)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from iepgen.components import build_handlers
from iepgen.config import Settings
from iepgen.db import Database
from iepgen.llm.factory import build_provider, close_provider
from iepgen.llm.offline import OfflineProvider
from iepgen.queue import HandlerRegistry


def offline_handlers() -> HandlerRegistry:
    """Every job type, drafting with the offline drafter."""
    return build_handlers(OfflineProvider())


@asynccontextmanager
async def handlers_for(settings: Settings, database: Database) -> AsyncIterator[HandlerRegistry]:
    """Every job type on the provider `settings` configure, built once and closed after."""
    provider = build_provider(settings, database)
    try:
        yield build_handlers(provider)
    finally:
        await close_provider(provider)
