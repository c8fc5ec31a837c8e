"""Offline draft of accommodations and state/district assessment participation."""

from __future__ import annotations

from typing import Any, Final

from iepgen.generation.context import GenerationContext
from iepgen.sections import Accommodation, Accommodations, AssessmentParticipation

from .facts import categories, disability_label, first_name
from .goals import drafted_goals
from .notes import team_notes
from .profile import HEARING_CATEGORIES, VISION_CATEGORIES

# (accommodation, where it applies, the need it answers), by area of need.
BY_AREA: Final[dict[str, tuple[tuple[str, str, str], ...]]] = {
    "reading": (
        (
            "Text-to-speech or an adult reader for long texts, unless reading is being tested",
            "both",
            "reading",
        ),
        ("Extra time (1.5 times) on reading-heavy tasks and tests", "both", "reading"),
    ),
    "writing": (
        ("Speech-to-text or a scribe for long written work", "both", "writing"),
        ("Graphic organizers to plan writing", "classroom", "writing"),
    ),
    "math": (
        (
            "A calculator or number chart when computation is not what is being tested",
            "both",
            "math",
        ),
        ("Graph paper to line up numbers", "classroom", "math"),
    ),
    "communication": (
        (
            "Directions given in short steps, with a check that they were understood",
            "both",
            "communication",
        ),
        ("Extra wait time to answer questions in class", "classroom", "communication"),
    ),
    "behavior": (
        ("A visual schedule and a warning before changes in routine", "classroom", "behavior"),
        ("Short, planned movement breaks", "both", "behavior"),
    ),
    "social_emotional": (
        ("Access to a calm-down space with an adult's OK", "classroom", "social and emotional"),
        ("Assigned roles during group work", "classroom", "social and emotional"),
    ),
    "motor": (
        ("Pencil grips, adapted paper or a keyboard for written work", "both", "motor"),
        ("Extra time to move between classes", "classroom", "motor"),
    ),
    "adaptive": (
        ("Picture or written checklists for daily routines", "classroom", "daily living"),
    ),
    "vocational": (
        ("Written task lists at work-based learning sites", "classroom", "work skills"),
    ),
    "health": (("Rest breaks and access to the nurse when needed", "both", "health"),),
    "other": (("Supports agreed by the team for this need", "classroom", "other"),),
}
TESTING: Final[dict[str, str]] = {
    "reading": "Test items read aloud on tests that do not measure reading",
    "writing": "Speech-to-text or a scribe for written answers",
    "math": "Calculator on sections that allow it",
    "behavior": "Testing in a small group with breaks",
    "social_emotional": "Testing in a small group with breaks",
    "communication": "Directions read aloud and repeated",
    "motor": "Answers marked by a scribe or on a computer",
}


def _by_category(context: GenerationContext) -> list[tuple[str, str, str]]:
    kinds = categories(context)
    extra: list[tuple[str, str, str]] = []
    if "other_health_impairment" in kinds:
        extra.append(
            ("Long tasks broken into parts, with a check-in after each", "both", "attention")
        )
    if "autism" in kinds:
        extra.append(
            ("Advance notice of schedule changes, with a visual", "both", "predictability")
        )
    if kinds & VISION_CATEGORIES:
        extra.append(
            ("Large print or braille materials, as the student reads best", "both", "vision")
        )
    if kinds & HEARING_CATEGORIES:
        extra.append(
            ("Preferred seating near the speaker, with captions on videos", "both", "hearing")
        )
    if context.student.english_learner:
        extra.append(("A word-to-word bilingual glossary", "both", "English learning"))
    return extra


def _participation(context: GenerationContext, areas: set[str]) -> AssessmentParticipation:
    name = first_name(context)
    testing = [TESTING[a] for a in sorted(areas) if a in TESTING]
    testing.append("Extended time (1.5 times)")
    testing = list(dict.fromkeys(testing))
    if context.student.alternate_assessment:
        return AssessmentParticipation(
            mode="alternate",
            accommodations=testing,
            why_regular_not_appropriate=(
                f"The IEP team found that {name} has a significant cognitive disability "
                f"({disability_label(context)}) and is taught to alternate achievement "
                f"standards. Even with accommodations, the regular test would not fairly "
                f"show what {name} has learned."
            ),
            why_alternate_appropriate=(
                f"The alternate assessment measures the same alternate standards {name} is "
                f"taught all year. It lets {name} use familiar supports, so it shows real "
                "progress."
            ),
        )
    return AssessmentParticipation(mode="regular_with_accommodations", accommodations=testing)


def accommodations(
    context: GenerationContext, earlier: dict[str, dict[str, Any]], notes: str | None = None
) -> Accommodations:
    areas = drafted_goals(context, earlier).areas()
    chosen: list[tuple[str, str, str]] = []
    for area in BY_AREA:
        if area in areas:
            chosen.extend(BY_AREA[area])
    chosen.extend(_by_category(context))
    if not chosen:
        chosen.append(("Preferred seating near instruction", "classroom", "attention"))
    return Accommodations(
        classroom=[
            Accommodation(description=text, setting=setting, need_addressed=need)
            for text, setting, need in chosen
        ],
        assessment_participation=_participation(context, areas),
        team_notes=team_notes(context, "accommodations", notes),
    )
