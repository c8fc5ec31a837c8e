"""Generation benchmark: one IEP's critical path against drafting its sections one by one.

    python -m bench.generation [--delay 0.2] [--ieps 50]

Every provider call takes a fixed `--delay` (the offline drafter behind an asyncio.sleep,
standing in for an LLM's latency), so wall times show the pipeline's scheduling, not a
model's speed. Rows: the pipeline on 1 IEP; the same IEP drafted strictly in sequence;
`--ieps` IEPs through the pipeline at once. For each: wall time, the sum of every call's
time, and their ratio (how many calls were in flight on average). Nothing is asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import time
from dataclasses import dataclass, field, replace
from datetime import date

import structlog
from rich.console import Console
from rich.table import Table

from iepgen.config import Settings
from iepgen.generation.applicability import (
    age_on,
    transfer_of_rights_required,
    transition_required,
)
from iepgen.generation.context import AssessmentFacts, GenerationContext, StudentFacts
from iepgen.generation.pipeline import generate_sections
from iepgen.generation.provider import SectionRequest, SectionResult
from iepgen.generation.waves import waves
from iepgen.llm.offline import OfflineProvider
from iepgen.sections import SECTION_SCHEMAS
from iepgen.templates.builtin import IDEA_STANDARD_SECTIONS, SECTION_TYPES

YEAR = "2025-2026"


@dataclass
class DelayedProvider:
    """The offline drafter after a fixed delay; adds up the time calls spent waiting."""

    delay: float
    name: str = "delayed-offline"
    model: str = "bench"
    call_seconds: float = 0.0
    calls: int = 0
    inner: OfflineProvider = field(default_factory=OfflineProvider)

    async def generate_section(self, request: SectionRequest) -> SectionResult:
        started = time.perf_counter()
        await asyncio.sleep(self.delay)
        result = await self.inner.generate_section(request)
        self.calls += 1
        self.call_seconds += time.perf_counter() - started
        return replace(result, provider=self.name, model=self.model)


def fictional_context(index: int) -> GenerationContext:
    """A fictional grade-7 student (index varies the name and the score)."""
    settings = Settings(environment="test")
    start, end = settings.iep_year_bounds(YEAR)
    born = date(2012, 1 + index % 12, 1 + index % 28)
    student = StudentFacts(
        id=f"bench-{index}",
        first_name=f"Student{index}",
        last_name="Bench",
        date_of_birth=born,
        grade_level="7",
        school="Harbor View Middle School",
        student_number=None,
        disability_category="specific_learning_disability",
        secondary_disabilities=(),
        primary_language="English",
        english_learner=False,
        alternate_assessment=False,
        parent_guardian_names=(),
        strengths="Curious; strong oral vocabulary.",
        interests="Robotics",
        parent_concerns="Falls behind in reading assignments.",
        notes=None,
    )
    score = 50 + index % 40
    assessment = AssessmentFacts(
        id=f"bench-a-{index}",
        name="DIBELS 8 Oral Reading Fluency",
        area="reading",
        administered_on=date(2025, 9, 20),
        score=score,
        score_type="words_correct_per_minute",
        percentile=9,
        summary=f"Read {score} words correct per minute on grade-7 passages (benchmark 120).",
        evaluator=None,
    )
    age_end = age_on(born, end)
    return GenerationContext(
        student=student,
        academic_year=YEAR,
        iep_year_start=start,
        iep_year_end=end,
        age_at_start=age_on(born, start),
        age_at_end=age_end,
        age_of_majority=settings.age_of_majority,
        assessments=(assessment,),
        previous_ieps=(),
        template_sections=tuple(
            (s["section_type"], s["title"], s["instructions"]) for s in IDEA_STANDARD_SECTIONS
        ),
        case_manager_context=None,
        transition_required=transition_required(age_end),
        transfer_of_rights_required=transfer_of_rights_required(age_end, settings.age_of_majority),
    )


@dataclass(frozen=True)
class Row:
    label: str
    ieps: int
    calls: int
    wall: float
    call_seconds: float

    @property
    def ratio(self) -> float:
        return self.call_seconds / self.wall if self.wall else 0.0


async def pipeline_run(delay: float, ieps: int) -> Row:
    provider = DelayedProvider(delay)
    contexts = [fictional_context(i) for i in range(ieps)]
    started = time.perf_counter()
    await asyncio.gather(*(generate_sections(provider, c, SECTION_TYPES) for c in contexts))
    wall = time.perf_counter() - started
    label = "pipeline, 1 IEP" if ieps == 1 else f"pipeline, {ieps} IEPs"
    return Row(label, ieps, provider.calls, wall, provider.call_seconds)


async def sequential_run(delay: float) -> Row:
    """The same IEP, one section after another in dependency order (no overlap at all)."""
    provider = DelayedProvider(delay)
    context = fictional_context(0)
    earlier: dict[str, dict[str, object]] = {}
    started = time.perf_counter()
    for wave in waves(SECTION_TYPES):
        for section_type in wave:
            result = await provider.generate_section(
                SectionRequest(section_type, SECTION_SCHEMAS[section_type], context, dict(earlier))
            )
            earlier[section_type] = result.content.model_dump(mode="json")
    wall = time.perf_counter() - started
    return Row("sequential, 1 IEP", 1, provider.calls, wall, provider.call_seconds)


def table(rows: list[Row], delay: float) -> Table:
    out = Table(title=f"IEP generation, {delay * 1000:.0f} ms per provider call")
    for column in ("run", "IEPs", "calls", "wall (s)", "sum of calls (s)", "sum / wall"):
        out.add_column(column, justify="left" if column == "run" else "right")
    for row in rows:
        out.add_row(
            row.label,
            str(row.ieps),
            str(row.calls),
            f"{row.wall:.2f}",
            f"{row.call_seconds:.2f}",
            f"{row.ratio:.1f}x",
        )
    return out


async def run(delay: float, ieps: int) -> list[Row]:
    return [
        await pipeline_run(delay, 1),
        await sequential_run(delay),
        await pipeline_run(delay, ieps),
    ]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--delay", type=float, default=0.2, help="seconds per provider call")
    parser.add_argument("--ieps", type=int, default=50, help="IEPs drafted at once")
    args = parser.parse_args(argv)
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))
    rows = asyncio.run(run(args.delay, args.ieps))
    console = Console()
    chain = len(waves(SECTION_TYPES))
    console.print(table(rows, args.delay))
    console.print(
        f"Longest chain: {chain} calls ({chain * args.delay:.2f} s); "
        f"{len(SECTION_TYPES)} sections per IEP ({len(SECTION_TYPES) * args.delay:.2f} s "
        "if drafted one by one)."
    )


if __name__ == "__main__":
    main()
