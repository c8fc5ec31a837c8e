"""The handler registry and the default set the CLI, worker and server run."""

from __future__ import annotations

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from iepgen.config import Settings
from iepgen.queue.handlers import (
    SELFCHECK_JOB_TYPE,
    HandlerRegistry,
    JobContext,
    UnknownJobType,
    WriteOutput,
    build_handler_registry,
)
from iepgen.queue.signals import JobEvent


async def _handler(context: JobContext) -> WriteOutput:
    async def write(session: AsyncSession) -> dict[str, object]:
        return {}

    return write


def test_register_and_get() -> None:
    registry = HandlerRegistry()
    registry.register("noop", _handler)
    registry.register("noop", _handler)  # the same handler again is harmless
    assert registry.get("noop") is _handler
    assert "noop" in registry and registry.job_types == ("noop",)
    with pytest.raises(UnknownJobType):
        registry.get("other")


def test_two_handlers_for_one_type_is_a_mistake() -> None:
    registry = HandlerRegistry()
    registry.register("noop", _handler)

    async def other(context: JobContext) -> WriteOutput:
        raise NotImplementedError

    with pytest.raises(ValueError, match="already registered"):
        registry.register("noop", other)


def test_default_registry_has_the_selfcheck_and_the_generation_jobs() -> None:
    registry = build_handler_registry(Settings(llm_provider="offline"))
    assert SELFCHECK_JOB_TYPE in registry
    assert {"iep_generation", "section_generation"} <= set(registry.job_types)


def test_job_events_round_trip_through_a_notify_payload() -> None:
    event = JobEvent("0b7c3a1e-1111-4222-8333-444455556666", "processing", 3, 11)
    assert JobEvent.decode(event.encode()) == event
    assert JobEvent.decode("garbage") is None
    assert JobEvent.decode("a|b|c|d") is None
