"""The offline drafter's small parts: numbers out of summaries, targets, notes, hints."""

from __future__ import annotations

import pytest

from iepgen.generation.offline.metrics import Metric, extract_metric, fmt
from iepgen.generation.offline.notes import (
    DEFAULT_SCHEDULE,
    reporting_schedule,
    team_notes,
    transition_start_age,
)
from tests.unit.generation.builders import assessment, context


@pytest.mark.parametrize(
    ("fields", "value", "unit", "lower"),
    [
        ({}, 52, "words correct per minute", False),
        (
            {"summary": "Averaged 6 elopement incidents per week.", "score": 6},
            6,
            "elopement incidents per week",
            True,
        ),
        (
            {"summary": "Initiated 1 peer interaction per 20-minute recess.", "score": 1},
            1,
            "peer interaction per 20-minute recess",
            False,
        ),
        ({"summary": "Read 1,200 words per hour.", "score": None}, 1200, "words per hour", False),
        (
            {"summary": "No rate given.", "score": 14, "score_type": "digits_correct_per_minute"},
            14,
            "digits correct per minute",
            False,
        ),
        ({"summary": "Answered 45% of items correctly.", "score": None}, 45, "% accuracy", False),
    ],
)
def test_metric_from_an_assessment(
    fields: dict[str, object], value: float, unit: str, lower: bool
) -> None:
    metric = extract_metric(assessment(**fields))
    assert metric is not None
    assert (metric.value, metric.unit, metric.lower_is_better) == (value, unit, lower)


def test_norm_referenced_scores_are_not_goal_measures() -> None:
    plain = assessment(summary="Below average overall.", score=78, score_type="standard_score")
    assert extract_metric(plain) is None


def test_part_of_a_whole() -> None:
    metric = extract_metric(assessment(summary="Scored 2 of 6 on the rubric.", score=None))
    assert metric is not None and metric.maximum == 6
    assert metric.target() == 4 and metric.steps() == (3.0, 4.0)
    assert metric.phrase().startswith("2 of 6")


@pytest.mark.parametrize(
    ("metric", "target", "steps"),
    [
        (Metric(52, "words correct per minute", "a"), 73, (59, 66)),
        (Metric(6, "incidents per week", "a", lower_is_better=True), 3, (5, 4)),
        (Metric(1, "incidents per week", "a", lower_is_better=True), 0, (1, 0)),
        (Metric(45, "% accuracy", "a"), 80, (57, 68)),
        (Metric(97, "% accuracy", "a"), 100, (98, 99)),
    ],
)
def test_targets_and_steps(metric: Metric, target: float, steps: tuple[float, float]) -> None:
    assert metric.target() == target
    assert metric.steps() == steps


def test_numbers_are_written_without_exponents() -> None:
    assert (fmt(78.0), fmt(7.5), fmt(1e-5), fmt(1e6)) == ("78", "7.5", "0", "1000000")


def test_team_notes_are_routed_by_prefix() -> None:
    ctx = context(
        case_manager_context="Dad works nights.\nGOALS: keep the math goal short\n"
        "Extended school year: discuss in spring\nweird: line"
    )
    assert team_notes(ctx, "annual_goals") == "keep the math goal short"
    assert team_notes(ctx, "esy") == "discuss in spring"
    assert team_notes(ctx, "student_profile") == "Dad works nights. weird: line"
    assert team_notes(ctx, "lre", "Teacher's extra note.") == "Teacher's extra note."


@pytest.mark.parametrize(
    ("instructions", "schedule"),
    [
        ("Report monthly.", "Monthly"),
        ("Every 6 weeks.", "Every six weeks"),
        ("Each trimester.", "Each trimester, with report cards"),
        ("", DEFAULT_SCHEDULE),
    ],
)
def test_reporting_schedule_hint(instructions: str, schedule: str) -> None:
    assert reporting_schedule(instructions) == schedule


def test_transition_age_hint_only_ever_starts_earlier() -> None:
    assert transition_start_age("Start transition planning from age 14.") == 14
    assert transition_start_age("From age 18 onwards.") == 16
    assert transition_start_age("") == 16
