"""Every section IDEA requires is present and says something (34 CFR §300.320)."""

from __future__ import annotations

from collections.abc import Iterator

from iepgen.generation.context import GenerationContext
from iepgen.generation.decisions import Decisions
from iepgen.templates.builtin import SECTION_TYPES

from .report import Finding
from .rule import Sections


def required_sections(
    sections: Sections, context: GenerationContext, decisions: Decisions
) -> Iterator[Finding]:
    """Error for a missing section or one whose rendering is empty."""
    for section_type in SECTION_TYPES:
        content = sections.get(section_type)
        if content is None:
            yield Finding(
                section_type,
                "required_section",
                "error",
                f"The required section '{section_type}' is missing.",
            )
        elif not content.render_text().strip():
            yield Finding(
                section_type,
                "required_section",
                "error",
                f"The required section '{section_type}' is empty.",
            )
