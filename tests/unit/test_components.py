"""What a process builds once: the handler registry from the job definitions, one provider
shared by every job, closed by whoever built it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from iepgen import components
from iepgen.components import build_handlers, open_components
from iepgen.config import Settings
from iepgen.errors import NotFound
from iepgen.generation.provider import SectionRequest, SectionResult
from iepgen.jobs.definitions import JOB_DEFINITIONS, definition_of
from iepgen.jobs.schemas import JobType
from iepgen.llm.offline import OfflineProvider
from iepgen.queue import SELFCHECK_JOB_TYPE


class CountingProvider:
    name = "counting"
    model = "counting-1"

    def __init__(self) -> None:
        self.closed = 0

    async def generate_section(self, request: SectionRequest) -> SectionResult:
        raise NotImplementedError

    async def aclose(self) -> None:
        self.closed += 1


def test_every_job_type_is_described_once_and_registered() -> None:
    registry = build_handlers(OfflineProvider())
    assert set(JOB_DEFINITIONS) == set(JobType)
    assert set(registry.job_types) == {SELFCHECK_JOB_TYPE, *map(str, JobType)}
    for job_type, definition in JOB_DEFINITIONS.items():
        assert definition.job_type is job_type
        assert definition.title and definition.request.model_fields


def test_an_unknown_stored_job_type_is_not_found() -> None:
    assert definition_of("iep_generation").job_type is JobType.IEP_GENERATION
    with pytest.raises(NotFound):
        definition_of("mystery")


async def test_one_provider_per_process_built_once_and_closed_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    built: list[CountingProvider] = []

    def build(settings: Settings, database: Any) -> CountingProvider:
        built.append(CountingProvider())
        return built[-1]

    monkeypatch.setattr(components, "build_provider", build)
    settings = Settings(
        environment="test",
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'x.db'}",
        llm_provider="offline",
    )
    async with open_components(settings, runs_jobs=True) as parts:
        assert parts.provider is built[0] and parts.handlers is not None
        assert SELFCHECK_JOB_TYPE in parts.handlers
    assert len(built) == 1 and built[0].closed == 1


async def test_a_provider_passed_in_stays_open_and_an_api_process_builds_none(
    tmp_path: Path,
) -> None:
    settings = Settings(
        environment="test",
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'x.db'}",
        llm_provider="offline",
    )
    mine = CountingProvider()
    async with open_components(settings, runs_jobs=True, provider=mine) as parts:
        assert parts.provider is mine
    assert mine.closed == 0
    async with open_components(settings, runs_jobs=False) as parts:
        assert parts.provider is None and parts.handlers is None
