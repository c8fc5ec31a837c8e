"""Small wording helpers the offline section drafts share."""

from __future__ import annotations

from iepgen.generation.context import GenerationContext
from iepgen.sections.vocabulary import grade_label


def clip(text: str, limit: int) -> str:
    """`text` cut to `limit` characters at a word boundary (never through a number)."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "…"


def grade_phrase(context: GenerationContext) -> str:
    """'grade-8', 'kindergarten' or 'preschool', for goal conditions."""
    label = grade_label(context.student.grade_level)
    return label.replace(" ", "-")


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def join_words(items: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
