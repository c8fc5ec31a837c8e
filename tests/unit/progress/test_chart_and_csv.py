"""The chart's geometry and accessible SVG, and the CSV rows' checks (no database)."""

from __future__ import annotations

import re
from datetime import date, timedelta
from xml.etree import ElementTree

from iepgen.progress.chart import goal_chart
from iepgen.progress.csv_rows import ImportRules, read_progress_csv
from iepgen.progress.svg import chart_svg
from tests.unit.progress.test_trend_and_rule import END, START, goal, weekly

SVG = "{http://www.w3.org/2000/svg}"
IEP = "5b0c3c1e-2f55-4c1b-9d2e-4f1b8a7c6d10"


def test_the_chart_places_aim_and_trend_lines_inside_the_plot() -> None:
    chart = goal_chart(goal(), weekly(START, [55, 58, 61, 64]))
    assert [line.label for line in chart.lines] == ["Aim line", "Trend"]
    aim = chart.lines[0]
    assert aim.start[0] == 0 and aim.end[0] == 1  # from the IEP start to the goal's end
    assert aim.start[1] < aim.end[1]  # rising from baseline to target
    for x, y in chart.points:
        assert 0 <= x <= 1 and 0 <= y <= 1
    assert "4 checks" in chart.description and "aim line runs from" in chart.description


def test_the_svg_is_an_image_with_a_title_and_description_in_words() -> None:
    markup = chart_svg(goal_chart(goal(), weekly(START, [55, 58, 61, 64])), "goal-1-chart")
    root = ElementTree.fromstring(markup)
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "goal-1-chart-title goal-1-chart-desc"
    assert root.find(f"{SVG}title").text.startswith("Goal 1 (reading)")  # type: ignore[union-attr]
    assert "latest" in root.find(f"{SVG}desc").text  # type: ignore[union-attr,operator]
    assert len(root.findall(f".//{SVG}circle")) == 4 + 1  # the points and the legend dot
    assert len(root.findall(f"{SVG}line[@class='aim']")) == 1


def test_a_chart_without_data_still_draws_the_aim_line() -> None:
    chart = goal_chart(goal(), [])
    assert [line.label for line in chart.lines] == ["Aim line"]
    assert chart.points == ()
    assert "No data has been recorded yet" in chart.description


def rules(**overrides: object) -> ImportRules:
    values: dict[str, object] = {
        "iep_id": IEP,
        "goal_numbers": frozenset({1, 2}),
        "start": START,
        "end": END,
        "today": date(2026, 1, 15),
    }
    values.update(overrides)
    return ImportRules(**values)  # type: ignore[arg-type]


def test_good_rows_accept_us_dates_goal_labels_a_bom_and_blank_lines() -> None:
    text = "\ufeffGOAL, Date ,value,note\r\nG2,10/6/2025,61,\r\n\r\ngoal 1,2025-10-07,10.0,ok\r\n"
    read = read_progress_csv(text, rules())
    assert read.problem is None and read.rejected == []
    assert [(r.line, r.goal, r.measured_on, r.value, r.note) for r in read.good] == [
        (2, 2, date(2025, 10, 6), 61.0, None),
        (4, 1, date(2025, 10, 7), 10.0, "ok"),
    ]


def test_each_bad_cell_is_named_in_one_reason() -> None:
    text = "goal,date,value\nseven,2025-13-01,nan\n"
    (rejected,) = read_progress_csv(text, rules()).rejected
    assert re.search(r"goal 'seven'.*date '2025-13-01'.*value 'nan'", rejected.reason)


def test_only_plain_decimals_are_values() -> None:
    lines = ["1e5", "1_000", "inf", "\u0666\u0661", "61,5", "0x10", "61.", ".5", "-2"]
    text = "goal,date,value\n" + "".join(
        f'1,2025-10-{i + 1:02d},"{v}"\n' for i, v in enumerate(lines)
    )
    read = read_progress_csv(text, rules())
    assert [r.line for r in read.rejected] == [2, 3, 4, 5, 6, 7]
    assert [r.value for r in read.good] == [61.0, 0.5, -2.0]


def test_a_file_over_the_row_limit_is_refused_whole() -> None:
    day = START + timedelta(days=3)
    text = "goal,date,value\n" + "".join(f"1,{day},{i}\n" for i in range(20_001))
    read = read_progress_csv(text, rules())
    assert read.problem is not None and "20,000" in read.problem
    assert read.good == [] and read.rejected == []
