"""Readability for families: each section's prose at grade 10 or below (aim: grade 8)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final

from iepgen.generation.context import GenerationContext
from iepgen.generation.decisions import Decisions

from .readability import flesch_kincaid_grade
from .report import Finding
from .rule import Sections

MAX_GRADE: Final = 10.0


def readable_for_families(
    sections: Sections, context: GenerationContext, decisions: Decisions
) -> Iterator[Finding]:
    """Warning for a section whose rendering reads above grade 10."""
    for section_type, content in sections.items():
        grade = flesch_kincaid_grade(content.render_text())
        if grade > MAX_GRADE:
            yield Finding(
                section_type,
                "readability",
                "warning",
                f"This section reads at about grade {grade:.1f}; families read best at grade "
                "8 or below. Shorter sentences and everyday words help.",
            )
