"""What a section prints depends on whether the IEP is final."""

from __future__ import annotations

from iepgen.export.document import Table
from iepgen.export.section_blocks import Rendering, section_blocks
from tests.unit.sections.examples import VALID_CONTENT


def _factors_table(*, final: bool) -> Table:
    blocks = section_blocks(
        "special_factors", VALID_CONTENT["special_factors"], "", Rendering({}, final=final)
    )
    return next(block for block in blocks if isinstance(block, Table))


def test_a_draft_does_not_record_the_special_factors_as_considered() -> None:
    table = _factors_table(final=False)
    assert table.columns == ("Factor", "Applies (proposed)", "Response")
    assert "the team considers each at the meeting" in table.caption
    english = next(row for row in table.rows if "English" in row[0])
    assert english[1] == "Yes"


def test_a_final_iep_records_that_the_team_considered_each_factor() -> None:
    table = _factors_table(final=True)
    assert table.columns == ("Factor", "Considered", "Applies", "Response")
    assert {row[1] for row in table.rows} == {"Yes"}


def test_progress_reporting_without_goals_says_so_instead_of_an_empty_table() -> None:
    content = {**VALID_CONTENT["progress_reporting"], "methods": []}
    blocks = section_blocks("progress_reporting", content, "", Rendering({}, final=False))
    assert not [block for block in blocks if isinstance(block, Table)]
    assert "set with each annual goal" in str(blocks[0])
