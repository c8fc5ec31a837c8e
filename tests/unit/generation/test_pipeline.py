"""The section pipeline: dependency waves, overlap, progress, one targeted repair, errors."""

from __future__ import annotations

import asyncio

import pytest
from pydantic import BaseModel

from iepgen.errors import InvalidOutput, ProviderRejected, ProviderUnavailable
from iepgen.generation.context import GenerationContext
from iepgen.generation.offline import draft_iep
from iepgen.generation.pipeline import generate_sections
from iepgen.generation.provider import SectionRequest, UnusableAnswer, Usage
from iepgen.generation.waves import SECTION_DEPENDENCIES, dependencies, waves
from iepgen.sections import AnnualGoals
from iepgen.templates.builtin import SECTION_TYPES
from tests.corpus.contexts import corpus_context
from tests.corpus.students import CASES
from tests.unit.generation.fakes import RecordingProvider


def english_learner() -> GenerationContext:
    return corpus_context(CASES["el_sld"])


def preschooler() -> GenerationContext:
    return corpus_context(CASES["preschooler"])


def social_needs() -> GenerationContext:
    return corpus_context(CASES["autism_no_behavior_data"])


def test_idea_standard_waves() -> None:
    assert waves(SECTION_TYPES) == [
        ["student_profile", "present_levels", "transfer_of_rights"],
        ["special_factors", "annual_goals", "esy"],
        ["progress_reporting", "services", "accommodations", "lre", "transition"],
    ]


def test_waves_ignore_sections_a_template_lacks() -> None:
    assert waves(["services", "student_profile"]) == [["services", "student_profile"]]
    assert dependencies("services", {"annual_goals"}) == ("annual_goals",)


async def test_independent_sections_overlap_and_dependencies_are_respected() -> None:
    provider = RecordingProvider(delay=0.02)
    ctx = english_learner()
    outcome = await generate_sections(provider, ctx, SECTION_TYPES)

    assert list(outcome.sections) == list(SECTION_TYPES)
    assert outcome.report.passed
    assert provider.max_in_flight > 1
    started = {s: i for i, (kind, s) in enumerate(provider.events) if kind == "start"}
    ended = {s: i for i, (kind, s) in enumerate(provider.events) if kind == "end"}
    for section_type, deps in SECTION_DEPENDENCIES.items():
        for dep in deps:
            assert ended[dep] < started[section_type], (dep, section_type)
    # The first wave starts together, before anything has finished.
    assert {s for kind, s in provider.events[:3]} == {
        "student_profile",
        "present_levels",
        "transfer_of_rights",
    }
    goals_request = provider.calls("annual_goals")[0]
    assert set(goals_request.earlier_sections) == {"present_levels"}
    assert outcome.usage.llm_calls == len(SECTION_TYPES)
    assert outcome.providers == ["recording"] and outcome.models == ["recording-1"]
    # Every request carries the same decisions, computed once.
    assert len({id(r.decisions) for r in provider.requests}) == 1
    assert provider.requests[0].decisions is outcome.decisions


async def test_progress_counts_up_to_the_total() -> None:
    seen: list[tuple[int, int]] = []

    async def progress(completed: int, total: int) -> None:
        await asyncio.sleep(0)
        seen.append((completed, total))

    await generate_sections(RecordingProvider(), preschooler(), SECTION_TYPES, progress=progress)
    assert seen == [(n, len(SECTION_TYPES)) for n in range(1, len(SECTION_TYPES) + 1)]


def _invented_baseline(request: SectionRequest) -> BaseModel:
    """A goals section whose first baseline is a number no record holds."""
    goals = draft_iep(request.context)["annual_goals"]
    assert isinstance(goals, AnnualGoals)
    first = goals.goals[0].model_copy(update={"baseline": "99 words correct per minute."})
    return goals.model_copy(update={"goals": [first, *goals.goals[1:]]})


async def test_an_error_finding_gets_one_targeted_repair() -> None:
    provider = RecordingProvider()
    provider.script["annual_goals"] = lambda r: (
        _invented_baseline(r) if not r.repair_findings else draft_iep(r.context)["annual_goals"]
    )
    outcome = await generate_sections(provider, english_learner(), SECTION_TYPES)

    calls = provider.calls("annual_goals")
    assert len(calls) == 2
    repair = calls[1]
    assert any("99" in finding for finding in repair.repair_findings)
    assert repair.previous_output is not None
    assert repair.previous_output["goals"][0]["baseline"] == "99 words correct per minute."
    assert set(repair.earlier_sections) == {"present_levels"}
    assert outcome.repaired == ["annual_goals"]
    assert outcome.report.passed
    # Only the broken section was asked again.
    assert len(provider.requests) == len(SECTION_TYPES) + 1


async def test_repair_is_asked_once_even_if_it_fails_again() -> None:
    provider = RecordingProvider()
    provider.script["annual_goals"] = _invented_baseline
    outcome = await generate_sections(provider, english_learner(), SECTION_TYPES)
    assert len(provider.calls("annual_goals")) == 2
    assert not outcome.report.passed
    assert {f.rule for f in outcome.report.findings if f.severity == "error"} == {
        "no_invented_data",
        "one_measure",
    }


async def test_existing_sections_feed_a_single_section_run() -> None:
    ctx = social_needs()
    existing = draft_iep(ctx)
    provider = RecordingProvider()
    others = {k: v for k, v in existing.items() if k != "services"}
    outcome = await generate_sections(
        provider, ctx, ["services"], existing=others, instructions={"services": "Add OT."}
    )
    assert list(outcome.sections) == ["services"]
    (request,) = provider.requests
    assert set(request.earlier_sections) == {"present_levels", "annual_goals"}
    assert request.instructions == "Add OT."
    # Drafting instructions steer the draft; they are never copied into it, and the
    # offline drafter says it could not follow this one.
    assert outcome.sections["services"].content.team_notes == ""
    assert outcome.report.passed


@pytest.mark.parametrize(
    "error",
    [
        ProviderUnavailable("Circuit open.", retry_after_seconds=30),
        ProviderRejected("Blocked."),
    ],
)
async def test_provider_errors_propagate_unwrapped_and_stop_the_rest(error: Exception) -> None:
    provider = RecordingProvider(delay=0.01)
    provider.script["annual_goals"] = lambda r: error
    with pytest.raises(type(error)) as raised:
        await generate_sections(provider, preschooler(), SECTION_TYPES)
    assert raised.value is error
    await asyncio.sleep(0.05)
    # Nothing that rests on the goals was asked for, and nothing is left running.
    assert not provider.calls("services") and not provider.calls("transition")
    assert provider.in_flight == 0


async def test_output_of_the_wrong_shape_is_invalid_output() -> None:
    class Stray(BaseModel):
        colour: str = "blue"

    provider = RecordingProvider()
    provider.script["esy"] = lambda r: Stray()
    with pytest.raises(InvalidOutput):
        await generate_sections(provider, preschooler(), ["esy"])


async def test_cancelling_the_run_cancels_every_section() -> None:
    provider = RecordingProvider(delay=10)
    task = asyncio.create_task(generate_sections(provider, preschooler(), SECTION_TYPES))
    await asyncio.sleep(0.05)
    assert provider.in_flight == 3
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert provider.in_flight == 0


async def test_a_section_the_provider_cannot_draft_fails_alone() -> None:
    provider = RecordingProvider()
    unusable = UnusableAnswer(
        "The model did not produce a usable draft of this section.",
        Usage(llm_calls=2, prompt_tokens=300, output_tokens=80, output_repairs=1),
    )
    provider.script["present_levels"] = lambda r: unusable
    outcome = await generate_sections(provider, english_learner(), SECTION_TYPES)

    assert outcome.failed == {"present_levels": unusable.message}
    assert set(outcome.sections) == set(SECTION_TYPES) - {"present_levels"}
    # What rests on present levels is drafted from what there is, not skipped.
    [goals] = provider.calls("annual_goals")
    assert "present_levels" not in goals.earlier_sections
    missing = [f for f in outcome.report.findings if f.section_type == "present_levels"]
    assert [(f.rule, f.severity) for f in missing] == [("required_section", "error")]
    assert "present_levels" not in outcome.repaired
    # Its two calls are counted with the ten sections' one each.
    assert (outcome.usage.llm_calls, outcome.usage.output_repairs) == (12, 1)


async def test_a_repair_that_comes_back_unusable_keeps_the_first_draft() -> None:
    provider = RecordingProvider()
    provider.script["annual_goals"] = lambda r: (
        InvalidOutput("unusable") if r.repair_findings else _invented_baseline(r)
    )
    outcome = await generate_sections(provider, english_learner(), SECTION_TYPES)

    assert len(provider.calls("annual_goals")) == 2
    assert outcome.failed == {} and "annual_goals" in outcome.sections
    assert outcome.sections["annual_goals"].content.goals[0].baseline == (  # type: ignore[attr-defined]
        "99 words correct per minute."
    )
    assert not outcome.report.passed


async def test_when_no_section_can_be_drafted_the_run_fails_with_the_reason() -> None:
    provider = RecordingProvider()
    provider.script["esy"] = lambda r: InvalidOutput("The model wrote nothing usable.")
    with pytest.raises(InvalidOutput, match="nothing usable"):
        await generate_sections(provider, preschooler(), ["esy"])
