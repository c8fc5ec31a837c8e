"""Fixed vocabularies the schemas share: IDEA disability categories and grade levels."""

from __future__ import annotations

from typing import Final, Literal

DisabilityCategory = Literal[
    "autism",
    "deaf_blindness",
    "deafness",
    "developmental_delay",
    "emotional_disturbance",
    "hearing_impairment",
    "intellectual_disability",
    "multiple_disabilities",
    "orthopedic_impairment",
    "other_health_impairment",
    "specific_learning_disability",
    "speech_language_impairment",
    "traumatic_brain_injury",
    "visual_impairment",
]

DISABILITY_LABELS: Final[dict[str, str]] = {
    "autism": "autism",
    "deaf_blindness": "deaf-blindness",
    "deafness": "deafness",
    "developmental_delay": "developmental delay",
    "emotional_disturbance": "emotional disturbance",
    "hearing_impairment": "hearing impairment",
    "intellectual_disability": "intellectual disability",
    "multiple_disabilities": "multiple disabilities",
    "orthopedic_impairment": "orthopedic impairment",
    "other_health_impairment": "other health impairment",
    "specific_learning_disability": "specific learning disability",
    "speech_language_impairment": "speech or language impairment",
    "traumatic_brain_injury": "traumatic brain injury",
    "visual_impairment": "visual impairment",
}

GradeLevel = Literal["PK", "K", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12"]
GRADE_LEVELS: Final[tuple[str, ...]] = (
    "PK",
    "K",
    "1",
    "2",
    "3",
    "4",
    "5",
    "6",
    "7",
    "8",
    "9",
    "10",
    "11",
    "12",
)


def grade_label(grade: str) -> str:
    """`PK` → `preschool`, `K` → `kindergarten`, `8` → `grade 8`."""
    if grade == "PK":
        return "preschool"
    if grade == "K":
        return "kindergarten"
    return f"grade {grade}"


def join_words(items: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def count_of(count: int, singular: str, plural: str = "") -> str:
    """'1 school day', '4 school days': a document a family reads never says 'day(s)'."""
    return f"{count} {singular if count == 1 else (plural or singular + 's')}"
