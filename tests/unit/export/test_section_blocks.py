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
