"""The offline drafter's goal bank: measurable goal wording by area and grade band."""

from __future__ import annotations

from typing import Final

from iepgen.generation.goal_bank.academic import MATH, READING, WRITING
from iepgen.generation.goal_bank.functional import (
    ADAPTIVE,
    BEHAVIOR,
    COMMUNICATION,
    HEALTH,
    MOTOR,
    OTHER,
    SOCIAL_EMOTIONAL,
    VOCATIONAL,
)
from iepgen.generation.goal_bank.pattern import GoalPattern

BANDS: Final = ("PK", "K-2", "3-5", "6-8", "9-12")

GOAL_BANK: Final[dict[str, dict[str, tuple[GoalPattern, ...]]]] = {
    "reading": READING,
    "writing": WRITING,
    "math": MATH,
    "communication": COMMUNICATION,
    "behavior": BEHAVIOR,
    "social_emotional": SOCIAL_EMOTIONAL,
    "motor": MOTOR,
    "adaptive": ADAPTIVE,
    "vocational": VOCATIONAL,
    "health": HEALTH,
    "other": OTHER,
}


def patterns_for(area: str, band: str) -> tuple[GoalPattern, ...]:
    """Patterns for `area` in `band`, else in the nearest band that has some."""
    by_band = GOAL_BANK.get(area, OTHER)
    if band in by_band:
        return by_band[band]
    position = BANDS.index(band)
    nearest = min(by_band, key=lambda b: (abs(BANDS.index(b) - position), -BANDS.index(b)))
    return by_band[nearest]


def choose_pattern(area: str, band: str, evidence_text: str) -> GoalPattern:
    """The pattern whose keywords best match the data's wording (first pattern on a tie)."""
    candidates = patterns_for(area, band)
    text = evidence_text.lower()
    return max(candidates, key=lambda p: sum(k in text for k in p.keywords))


__all__ = ["BANDS", "GOAL_BANK", "GoalPattern", "choose_pattern", "patterns_for"]
