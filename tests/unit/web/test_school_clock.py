"""Times on pages and in documents are the school's, not UTC."""

from __future__ import annotations

from datetime import UTC, datetime

from iepgen.export.clock import school_datetime
from iepgen.export.names import file_name
from iepgen.ieps.schemas import IEP_EXAMPLE, IEPOut


def test_an_evening_in_new_york_is_still_that_day() -> None:
    # 7:44 pm in New York in December is 00:44 UTC the next day: the page says the 14th.
    moment = datetime(2025, 12, 15, 0, 44, tzinfo=UTC)

    assert school_datetime(moment, "America/New_York") == "December 14, 2025, 7:44 PM EST"
    assert school_datetime(moment, "America/Los_Angeles") == "December 14, 2025, 4:44 PM PST"


def test_file_names_hold_no_name_or_initials() -> None:
    body = IEPOut.model_validate(
        {
            **IEP_EXAMPLE,
            "status": "final",
            "version": 3,
            "finalized_at": "2025-10-14T23:44:00Z",
            "finalized_by": None,
            "finalized_by_name": "Jordan Ellis",
        }
    )
    name = file_name(body, "family-summary", "pdf", language="es")

    assert name == "2025-10-14_family-summary-es_v3-final_c2a4e6.pdf"
