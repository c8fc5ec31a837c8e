"""Warnings on goal quality: repeated goals and unobservable verbs."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

from iepgen.generation.context import GenerationContext
from iepgen.generation.decisions import Decisions
from iepgen.sections import AREA_LABELS, AnnualGoals

from .report import Finding
from .rule import Sections, section_of

SECTION = "annual_goals"

_VAGUE: Final = re.compile(r"\b(understand|know|appreciate|improve)\w*", re.IGNORECASE)
# Stems of verbs an observer can count (any form: read, reads, reading); a vague verb next
# to one of these is fine.
_OBSERVABLE: Final = re.compile(
    r"\b(read|writ|spell|solv|comput|calculat|say|stat|name|identif|label|answer|ask|"
    r"request|complet|count|match|sort|point|list|describ|explain|retell|summari|us|"
    r"follow|initiat|respond|demonstrat|produc|typ|walk|cut|dress|wash|prepar|remain|"
    r"stay|transition|rais|wait|tak|greet|shar|select|choos|locat|measur|tell|appl|fill|"
    r"sign|attend|arriv|turn|record|check|organi|submit|copy|copi|trac|draw|jump|catch|"
    r"throw|pronounc|articulat|participat|mak|plan|compar|correct|edit|revis)\w*",
    re.IGNORECASE,
)


def _normalised(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


def repeated_goal(
    sections: Sections, context: GenerationContext, decisions: Decisions
) -> Iterator[Finding]:
    """Warning for a goal copied unchanged from a previous IEP with no note on progress."""
    goals = section_of(sections, SECTION, AnnualGoals)
    if goals is None:
        return
    earlier: set[str] = set()
    for previous in context.previous_ieps:
        for goal in previous.sections.get(SECTION, {}).get("goals", []):
            if isinstance(goal, dict) and isinstance(goal.get("statement"), str):
                earlier.add(_normalised(goal["statement"]))
    for number, goal in enumerate(goals.goals, start=1):
        if _normalised(goal.statement) in earlier and not goal.progress_note.strip():
            yield Finding(
                SECTION,
                "repeated_goal",
                "warning",
                f"Goal {number} ({AREA_LABELS[goal.area].lower()}) repeats a goal from a "
                "previous IEP with no note on the progress made; explain why it is repeated.",
            )


def observable_verbs(
    sections: Sections, context: GenerationContext, decisions: Decisions
) -> Iterator[Finding]:
    """Warning for 'understand', 'know', 'appreciate', 'improve' with no observable behaviour."""
    goals = section_of(sections, SECTION, AnnualGoals)
    if goals is None:
        return
    for number, goal in enumerate(goals.goals, start=1):
        vague = _VAGUE.search(goal.behavior)
        if vague and not _OBSERVABLE.search(goal.behavior):
            yield Finding(
                SECTION,
                "observable_verbs",
                "warning",
                f"Goal {number} ({AREA_LABELS[goal.area].lower()}) says '{vague.group(0)}' "
                "without a behaviour someone can see or count (e.g. read, write, solve, say).",
            )
