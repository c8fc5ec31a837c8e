"""The record groups, the Generate form's helpers and the page filters, without a database."""

from __future__ import annotations

from datetime import date

import pytest
from starlette.datastructures import FormData

from iepgen.config import Settings
from iepgen.students.schemas import RecordFields
from iepgen.web.generate_form import drafter_hint, form_errors
from iepgen.web.record_form import CONTROLS, GROUPS, record_body, record_form_values
from iepgen.web.student_forms import academic_year_options
from iepgen.web.templating import templates


def _settings(**values: object) -> Settings:
    return Settings.model_validate({"environment": "test", **values})


def test_an_empty_form_records_every_part_as_not_known() -> None:
    body = record_body(record_form_values(FormData([])))

    parts = [g.key for g in GROUPS if g.part]
    assert all(body[key] is None for key in parts)
    assert RecordFields.model_validate(body).model_dump(exclude_none=True) == {}


def test_answers_become_the_apis_types() -> None:
    form = FormData(
        [
            ("communication.hears_speech", "false"),
            ("communication.uses_interpreter", "true"),
            ("behavior.removals_this_year_days", "3"),
            ("vision.learning_media", "print"),
            ("vision.learning_media", "large_print"),
            ("percent_in_general_education", "80"),
            ("extended_school_year.summary", "  Held steady over the summer.  "),
        ]
    )

    body = RecordFields.model_validate(record_body(record_form_values(form)))

    assert body.communication is not None
    assert body.communication.hears_speech is False
    assert body.communication.uses_interpreter is True
    assert body.behavior is not None and body.behavior.removals_this_year_days == 3
    assert body.vision is not None and body.vision.learning_media == ["print", "large_print"]
    assert body.percent_in_general_education == 80
    assert body.extended_school_year is not None
    assert body.extended_school_year.summary == "Held steady over the summer."
    assert body.english_learning is None


def test_not_recorded_is_not_no() -> None:
    unknown = record_body(record_form_values(FormData([("communication.hears_speech", "")])))
    no = record_body(record_form_values(FormData([("communication.hears_speech", "false")])))

    assert unknown["communication"] is None
    assert no["communication"]["hears_speech"] is False


def test_every_control_is_a_field_of_the_record() -> None:
    fields = RecordFields.model_fields
    for control in CONTROLS:
        part, _, field = control.name.partition(".")
        assert part in fields, control.name
        if field:
            annotation = fields[part].annotation
            models = [a for a in getattr(annotation, "__args__", ()) if hasattr(a, "model_fields")]
            assert field in models[0].model_fields, control.name


def test_goal_area_errors_land_on_the_checkboxes_together() -> None:
    assert form_errors({"goal_areas.math": "Math.", "goal_areas.writing": "Writing."}) == {
        "goal_areas": "Math. Writing."
    }


def test_the_drafter_hint_names_the_configured_drafter() -> None:
    offline = drafter_hint(_settings(llm_provider="offline"))
    gemini = drafter_hint(_settings(llm_provider="gemini", gemini_model="gemini-test-model"))
    openai = drafter_hint(
        _settings(llm_provider="openai", openai_model="local-model", llm_fallback_to_offline=True)
    )

    assert "built-in drafter (no AI), which cannot follow free-text instructions" in offline
    assert "This server drafts with Gemini Test Model," in gemini
    assert "The built-in drafter (no AI) cannot follow free-text instructions." in gemini
    assert "local-model" in openai
    assert "If it is unavailable, the built-in drafter (no AI) writes the draft" in openai
    assert all("never copied into the IEP" in hint for hint in (offline, gemini, openai))


@pytest.mark.parametrize(
    ("today", "first"),
    [
        (date(2026, 8, 14), "2025-2026"),
        (date(2026, 8, 15), "2026-2027"),
        (date(2027, 1, 5), "2026-2027"),
    ],
)
def test_the_default_iep_year_holds_the_schools_today(
    monkeypatch: pytest.MonkeyPatch, today: date, first: str
) -> None:
    monkeypatch.setattr(Settings, "school_today", lambda self: today)

    assert academic_year_options(_settings())[0][0] == first


@pytest.mark.parametrize(
    ("value", "said"),
    [
        (1, "1st"),
        (2, "2nd"),
        (3, "3rd"),
        (4, "4th"),
        (11, "11th"),
        (13, "13th"),
        (22, "22nd"),
        (58, "58th"),
        (100, "100th"),
        (4.5, "4.5th"),
    ],
)
def test_percentiles_read_as_people_say_them(value: float, said: str) -> None:
    assert templates.env.filters["ordinal"](value) == said


def test_a_zero_alone_is_an_answer() -> None:
    body = record_body(record_form_values(FormData([("behavior.removals_this_year_days", "0")])))

    assert body["behavior"]["removals_this_year_days"] == 0
