"""The goal bank covers every area and grade band with measurable, observable wording."""

from __future__ import annotations

import re

import pytest

from iepgen.generation.goal_bank import BANDS, GOAL_BANK, choose_pattern, patterns_for
from iepgen.sections.base import AREA_LABELS

ALL_PATTERNS = [p for by_band in GOAL_BANK.values() for ps in by_band.values() for p in ps]


def test_every_area_is_in_the_bank() -> None:
    assert set(GOAL_BANK) == set(AREA_LABELS)


@pytest.mark.parametrize("area", sorted(AREA_LABELS))
@pytest.mark.parametrize("band", BANDS)
def test_every_area_and_band_has_a_pattern(area: str, band: str) -> None:
    assert patterns_for(area, band)


def test_core_areas_are_written_for_every_band() -> None:
    for area in ("reading", "writing", "math", "communication", "behavior", "social_emotional"):
        assert set(GOAL_BANK[area]) == set(BANDS), area


def test_every_step_can_be_counted() -> None:
    for pattern in ALL_PATTERNS:
        assert len(pattern.steps) == 3
        for step in pattern.steps:
            assert re.search(r"\d", step), (pattern.skill, step)


def test_no_pattern_uses_a_vague_verb() -> None:
    vague = re.compile(r"\b(understand|know|appreciate|improve)", re.IGNORECASE)
    for pattern in ALL_PATTERNS:
        assert not vague.search(pattern.behavior), pattern.behavior


def test_nearest_band_is_used_when_an_area_lacks_one() -> None:
    assert patterns_for("vocational", "PK") == GOAL_BANK["vocational"]["6-8"]
    assert patterns_for("health", "9-12") == GOAL_BANK["health"]["6-8"]


def test_keywords_pick_the_pattern_that_fits_the_data() -> None:
    assert choose_pattern("reading", "3-5", "Maze comprehension 12 correct").skill == (
        "reading comprehension"
    )
    assert choose_pattern("reading", "3-5", "oral reading fluency 61 wcpm").skill == (
        "reading fluency"
    )
    assert choose_pattern("reading", "3-5", "").skill == "reading fluency"
