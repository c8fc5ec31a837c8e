"""The handler registry a worker looks job types up in."""

from __future__ import annotations

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from iepgen.queue.handlers import (
    HandlerRegistry,
    JobContext,
    UnknownJobType,
    WriteOutput,
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


def test_job_events_round_trip_through_a_notify_payload() -> None:
    event = JobEvent("0b7c3a1e-1111-4222-8333-444455556666", "processing", 3, 11)
    assert JobEvent.decode(event.encode()) == event
    assert JobEvent.decode("garbage") is None
    assert JobEvent.decode("a|b|c|d") is None
