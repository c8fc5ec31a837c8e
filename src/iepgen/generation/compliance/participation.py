"""Assessment participation: an alternate assessment carries both justifications."""

from __future__ import annotations

from collections.abc import Iterator

from iepgen.generation.context import GenerationContext
from iepgen.generation.decisions import Decisions
from iepgen.sections import Accommodations

from .report import Finding
from .rule import Sections, section_of

SECTION = "accommodations"


def alternate_assessment_justified(
    sections: Sections, context: GenerationContext, decisions: Decisions
) -> Iterator[Finding]:
    """Error when an alternate assessment lacks either justification (§300.320(a)(6)(ii))."""
    content = section_of(sections, SECTION, Accommodations)
    if content is None:
        return
    participation = content.assessment_participation
    if participation.mode != "alternate":
        if context.student.alternate_assessment:
            yield Finding(
                SECTION,
                "alternate_assessment_justified",
                "warning",
                "The student's profile says they take the alternate assessment, but this "
                "section plans the regular one.",
            )
        return
    if not participation.why_regular_not_appropriate.strip():
        yield Finding(
            SECTION,
            "alternate_assessment_justified",
            "error",
            "An alternate assessment must say why the regular assessment is not appropriate.",
        )
    if not participation.why_alternate_appropriate.strip():
        yield Finding(
            SECTION,
            "alternate_assessment_justified",
            "error",
            "An alternate assessment must say why the chosen alternate assessment is appropriate.",
        )
