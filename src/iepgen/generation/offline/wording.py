"""Small wording helpers the offline section drafts share."""

from __future__ import annotations

from iepgen.generation.context import AssessmentFacts, GenerationContext
from iepgen.generation.decisions.metrics import fmt
from iepgen.sections.base import friendly_date


def clip(text: str, limit: int) -> str:
    """`text` cut to `limit` characters at a word boundary (never through a number)."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "…"


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def ordinal(value: float) -> str:
    """7 → '7th', 21 → '21st'; a fraction keeps no suffix: 0.1 → '0.1' ('the 0.1 percentile')."""
    number = fmt(value)
    if not float(value).is_integer():
        return number
    whole = int(value)
    suffix = "th" if 10 <= whole % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(whole % 10, "th")
    return f"{number}{suffix}"


NORM_SCORES = ("standard score", "scaled score", "t score", "index", "composite", "rubric score")


def score_words(score_type: str | None) -> str:
    """'standard_score' → 'standard score', 't_score' → 'T-score'; no type → 'score'."""
    if not score_type:
        return "score"
    words = score_type.replace("_", " ").strip().lower()
    return "T-score" if words in ("t score", "t") else words


def score_phrase(score: float, score_type: str | None) -> str:
    """'a standard score of 78', or a unit read as one: '68 words correct per minute'."""
    words = score_words(score_type)
    if score_type is None or words.lower() in NORM_SCORES or words == "T-score" or "score" in words:
        article = "an" if words[:1].lower() in "aeiou" else "a"
        return f"{article} {words} of {fmt(score)}"
    return f"{fmt(score)} {words}"


def assessment_sentence(assessment: AssessmentFacts) -> str:
    """What an assessment found, in words and only its own numbers."""
    parts = [f"{assessment.name} ({friendly_date(assessment.administered_on)})"]
    if assessment.score is not None:
        parts.append(f": {score_phrase(assessment.score, assessment.score_type)}")
        if assessment.percentile is not None:
            parts.append(f" ({ordinal(assessment.percentile)} percentile)")
        parts.append(".")
    else:
        parts.append(":")
    summary = assessment.summary.strip()
    if summary and summary[-1] not in ".!?":
        summary += "."
    subscores = "; ".join(
        f"{s.name} {fmt(s.score)}"
        + (f" ({ordinal(s.percentile)} percentile)" if s.percentile is not None else "")
        for s in assessment.subscores
        if s.score is not None
    )
    text = "".join(parts) + " " + summary
    return f"{text} Subscores: {subscores}." if subscores else text


def notes_for(context: GenerationContext, section_type: str) -> str:
    """The case manager's notes for this section of the IEP (never drafting instructions)."""
    return context.section_notes.get(section_type, "")
