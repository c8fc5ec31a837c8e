"""The least-squares trend and the on-track rule a progress report applies (trend.py)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from iepgen.progress.goals import MonitoredGoal
from iepgen.progress.periods import reporting_schedule
from iepgen.progress.report import goal_report
from iepgen.progress.trend import Standing, judge, least_squares
from iepgen.sections import AnnualGoal
from iepgen.sections.dates import in_summer_break

START = date(2025, 9, 1)
END = date(2026, 6, 1)


def goal(
    *, baseline: float | None = 50, target: float | None = 90, direction: str = "increase"
) -> MonitoredGoal:
    annual = AnnualGoal.model_validate(
        {
            "area": "reading",
            "statement": "Will read aloud at 90 words correct per minute.",
            "condition": "Given a grade-8 passage",
            "behavior": "will read aloud",
            "criterion": "90 words correct per minute",
            "baseline": "50 words correct per minute.",
            "target": "90 words correct per minute",
            "measure": {
                "unit": "words correct per minute",
                "direction": direction,
                "baseline_value": baseline,
                "target_value": target,
            },
            "measurement_method": "Weekly probes",
            "timeframe": END.isoformat(),
            "short_term_objectives": [
                {"description": "Read 60.", "target_date": "2025-12-01"},
                {"description": "Read 75.", "target_date": "2026-03-01"},
            ],
        }
    )
    return MonitoredGoal(number=1, goal=annual, start=START, end=END)


def weekly(first: date, values: list[float]) -> list[tuple[date, float]]:
    return [(first + timedelta(weeks=i), v) for i, v in enumerate(values)]


def test_least_squares_recovers_a_straight_line() -> None:
    points = weekly(START, [10, 12, 14, 16, 18])
    line = least_squares(points)
    assert line is not None
    assert line.per_week == pytest.approx(2)
    assert line.at(START) == pytest.approx(10)
    assert line.at(START + timedelta(weeks=4)) == pytest.approx(18)


def test_least_squares_needs_two_points_and_is_flat_on_one_day() -> None:
    assert least_squares([(START, 3.0)]) is None
    flat = least_squares([(START, 2.0), (START, 4.0)])
    assert flat is not None and flat.slope == 0 and flat.at(END) == 3


def test_the_aim_line_runs_from_baseline_at_the_start_to_target_at_the_goal_end() -> None:
    g = goal()
    assert g.aim_at(START) == 50 and g.aim_at(END) == 90
    assert g.aim_at(START + (END - START) / 2) == pytest.approx(70, abs=0.2)


def test_fewer_than_three_points_is_never_judged() -> None:
    for points in ([], weekly(START, [80]), weekly(START, [80, 85])):
        assert judge(goal(), points).standing is Standing.NOT_ENOUGH_DATA


def test_a_trend_at_or_above_the_aim_line_is_on_track() -> None:
    above = weekly(START, [55, 58, 61, 64])  # aim is about 50 + 1/wk over these weeks
    below = weekly(START + timedelta(weeks=10), [50, 50, 51, 50])
    assert judge(goal(), above).standing is Standing.ON_TRACK
    assert judge(goal(), below).standing is Standing.NOT_ON_TRACK


def test_a_behavior_to_reduce_is_on_track_below_the_aim_line() -> None:
    reduce = goal(baseline=20, target=4, direction="decrease")
    falling = weekly(START, [18, 15, 12, 10])
    rising = weekly(START, [20, 22, 24, 25])
    assert judge(reduce, falling).standing is Standing.ON_TRACK
    assert judge(reduce, rising).standing is Standing.NOT_ON_TRACK


def test_a_goal_without_numbers_has_no_aim_line_and_is_not_judged() -> None:
    judgement = judge(goal(baseline=None), weekly(START, [1, 2, 3, 4]))
    assert judgement.standing is Standing.NOT_ENOUGH_DATA
    assert "no aim line" in judgement.reason


def test_a_report_counts_only_the_period_s_points_and_says_so_in_words() -> None:
    schedule = reporting_schedule("Quarterly, with report cards", START, END)
    first = schedule.periods[0]
    in_period = weekly(START, [55, 58, 61, 64])
    later = weekly(schedule.periods[1].start, [40, 40, 40])
    report = goal_report(goal(), first, in_period + later)
    assert report.standing is Standing.ON_TRACK
    assert len(report.points) == 4
    assert "4 checks" in report.what_the_data_show
    assert "rising by about 3 words correct per minute a week" in report.what_the_data_show
    second = goal_report(goal(), schedule.periods[2], in_period + later)
    assert second.standing is Standing.NOT_ENOUGH_DATA
    assert "no data points" in second.what_the_data_show


@pytest.mark.parametrize(
    ("words", "parts", "understood"),
    [
        ("Quarterly, with report cards", 4, True),
        ("Each trimester", 3, True),
        ("Twice a year, each semester", 2, True),
        ("Monthly", 9, True),
        ("Every six weeks", 6, True),
        ("every 12 weeks", 3, True),
        ("When the team meets", 4, False),
    ],
)
def test_the_schedule_s_words_give_the_periods(words: str, parts: int, understood: bool) -> None:
    schedule = reporting_schedule(words, START, END)
    assert len(schedule.periods) == parts and schedule.understood is understood
    assert schedule.periods[0].start == START and schedule.periods[-1].end == END
    for before, after in zip(schedule.periods, schedule.periods[1:], strict=False):
        assert after.start == before.end + timedelta(days=1)
    # Each period but the last ends on a report date: a school day outside the summer break.
    for period in schedule.periods[:-1]:
        assert period.end.weekday() < 5 and not in_summer_break(period.end)
