"""What a compliance rule is: a named function from the sections and their context to findings."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from datetime import date
from typing import TypeVar

from iepgen.generation.context import GenerationContext
from iepgen.generation.decisions import Decisions
from iepgen.sections import SectionContent

from .report import Finding

Sections = Mapping[str, SectionContent]
Rule = Callable[[Sections, GenerationContext, Decisions], Iterator[Finding]]

T = TypeVar("T", bound=SectionContent)


def section_of(sections: Sections, section_type: str, schema: type[T]) -> T | None:
    """The section if present and of the expected schema (a missing one is its own rule)."""
    content = sections.get(section_type)
    return content if isinstance(content, schema) else None


def within_year(context: GenerationContext, day: date | None) -> bool:
    return day is not None and context.iep_year_start <= day <= context.iep_year_end


def year_span(context: GenerationContext) -> str:
    """The IEP's period in words: from its meeting to its last day."""
    return (
        f"from the meeting on {context.iep_year_start.isoformat()} to "
        f"{context.iep_year_end.isoformat()}"
    )
