"""The student form carries the whole record: every part, in plain words, errors in one round."""

from __future__ import annotations

import html
import re
from datetime import date, timedelta
from typing import Any, get_args

import httpx
from pydantic import BaseModel

from iepgen.db import Database
from iepgen.students.schemas import RecordFields
from tests.factories import create_student, make_user, student_body
from tests.integration.web.html_forms import form_fields
from tests.integration.web.test_pages import PASSWORD, sign_in


def _days_ago(days: int) -> str:
    return (date.today() - timedelta(days=days)).isoformat()


# A fictional 16-year-old DeafBlind student who signs, reads braille, transferred from
# another state this year and is learning English: every part of the record is in use.
RICH_RECORD: dict[str, Any] = {
    "communication": {
        "language": "American Sign Language",
        "mode": "signed",
        "uses_interpreter": True,
        "hears_speech": False,
        "hearing_technology": "Bilateral cochlear implants, not used at school",
        "aac_device": None,
        "notes": "Tactile signing when the room is dim.",
    },
    "vision": {
        "functional_vision": "functionally_blind",
        "learning_media": ["braille", "auditory"],
        "braille_codes": ["ueb", "nemeth"],
        "learning_media_assessment_on": _days_ago(120),
        "braille_not_appropriate": False,
        "orientation_and_mobility": "Uses a long cane; travels the school on her own.",
    },
    "behavior": {
        "target_behavior": "Pushes materials off the desk",
        "antecedents": "New tasks given without a tactile preview.",
        "hypothesized_function": "escape",
        "replacement_behavior": "Signs BREAK and takes a two-minute break",
        "functional_behavior_assessment_on": _days_ago(90),
        "behavior_plan_on": _days_ago(60),
        "removals_this_year_days": 2,
    },
    "english_learning": {
        "proficiency_level": "WIDA composite 2.4 (emerging)",
        "proficiency_test": "WIDA Alternate ACCESS",
        "tested_on": _days_ago(200),
        "el_services": "Designated English language development, 30 minutes daily",
    },
    "transfer": {
        "kind": "out_of_state",
        "previous_district": "Cedar Ridge Unified",
        "previous_iep_on": _days_ago(300),
        "previous_services": "Braille instruction 5 hours a week; interpreter all day.",
        "records_received": False,
        "records_requested_on": _days_ago(30),
        "enrolled_on": _days_ago(35),
    },
    "postsecondary_aspirations": {
        "education_training": "Study massage therapy at the community college.",
        "employment": "Work at a spa.",
        "independent_living": "Share an apartment with a friend.",
    },
    "extended_school_year": {
        "regression_recoupment": "significant",
        "emerging_skills": "Reading contracted braille words",
        "summary": "Lost 12 braille words over winter break; regained them in 6 weeks.",
    },
    "student_input": "I want to read faster and get a job.",
    "health_plan": "Seizure action plan on file with the school nurse.",
    "document_language": "Spanish",
    "percent_in_general_education": 45,
    "last_evaluation_on": _days_ago(400),
    "reevaluation_due_on": (date.today() + timedelta(days=700)).isoformat(),
    "invited_to_meeting_on": _days_ago(10),
    "transfer_of_rights_informed_on": _days_ago(5),
}


def _record_field_names() -> list[str]:
    """Every field of RecordFields as the form names it (`vision.learning_media`)."""
    names: list[str] = []
    for name, info in RecordFields.model_fields.items():
        parts = [a for a in get_args(info.annotation) if isinstance(a, type)]
        model = next((a for a in parts if issubclass(a, BaseModel)), None)
        if model is None:
            names.append(name)
        else:
            names += [f"{name}.{field}" for field in model.model_fields]
    return names


def _new_student_form(token: str, **extra: Any) -> dict[str, Any]:
    return {
        "csrf_token": token,
        "first_name": "Lena",
        "last_name": "Okafor",
        "date_of_birth": (date.today() - timedelta(days=365 * 16 + 30)).isoformat(),
        "grade_level": "10",
        "disability_category": "deaf_blindness",
        **extra,
    }


async def test_the_form_offers_every_record_field_in_plain_words_collapsed_when_empty(
    client: httpx.AsyncClient, database: Database
) -> None:
    teacher = await make_user(database, "teacher", password=PASSWORD)
    await sign_in(client, teacher)

    page = await client.get("/students/new")

    assert page.status_code == 200
    for name in _record_field_names():
        assert f'name="{name}"' in page.text, name
    groups = re.findall(r'<details class="record-part[^"]*" id="part-([a-z_]+)"([^>]*)>', page.text)
    assert [key for key, _ in groups] == [
        "dates",
        "student_words",
        "communication",
        "vision",
        "behavior",
        "english_learning",
        "transfer",
        "postsecondary_aspirations",
        "extended_school_year",
        "health",
    ]
    assert all("open" not in attrs for _, attrs in groups)
    visible = re.sub(r"<[^>]+>", " ", page.text)
    for title in (
        "Communication and hearing",
        "Vision and learning media",
        "Behavior",
        "English learning",
        "Transfer from another school",
        "After high school",
        "Extended school year data",
        "Dates and placement",
        "The student's own words",
        "Health plan",
    ):
        assert title in html.unescape(page.text), title
    # Labels and choices in words, never field or enum names.
    for code in ("hears_speech", "functionally_blind", "out_of_state", "not_significant", "aac"):
        assert code not in visible, code
    assert "Does the student understand speech by listening?" in page.text
    assert "Sighted (no visual impairment)" in page.text
    assert "Not recorded" in page.text
    answers = form_fields(page.text, "/students/new")
    assert answers["communication.hears_speech"] == [""]  # "Not recorded" is chosen
    assert answers["extended_school_year.regression_recoupment"] == [""]


async def test_a_richer_student_is_saved_from_the_form_and_shown_on_their_page(
    client: httpx.AsyncClient, database: Database
) -> None:
    teacher = await make_user(database, "teacher", password=PASSWORD)
    token = await sign_in(client, teacher)
    form = _new_student_form(
        token,
        student_number="T-4471",
        parent_guardian_names="Grace Okafor\nSamuel Okafor",
        interests="Swimming, audiobooks",
        notes="Prefers the front-left seat.",
        **{
            "communication.language": "American Sign Language",
            "communication.mode": "signed",
            "communication.uses_interpreter": "true",
            "communication.hears_speech": "false",
            "vision.functional_vision": "functionally_blind",
            "vision.learning_media": ["braille", "auditory"],
            "vision.braille_codes": ["ueb"],
            "transfer.kind": "out_of_state",
            "transfer.previous_district": "Cedar Ridge Unified",
            "transfer.records_requested_on": _days_ago(30),
            "behavior.removals_this_year_days": "2",
            "percent_in_general_education": "45",
            "student_input": "I want to read faster.",
            "document_language": "Spanish",
        },
    )

    added = await client.post("/students/new", data=form)

    assert added.status_code == 303, added.text
    student_id = added.headers["location"].split("/")[2].split("?")[0]
    stored = (await client.get(f"/api/v1/students/{student_id}", headers=teacher.headers)).json()
    assert stored["communication"] == {
        "language": "American Sign Language",
        "mode": "signed",
        "uses_interpreter": True,
        "hears_speech": False,
        "hearing_technology": None,
        "aac_device": None,
        "notes": None,
    }
    assert stored["vision"]["learning_media"] == ["braille", "auditory"]
    assert stored["vision"]["braille_codes"] == ["ueb"]
    assert stored["transfer"]["kind"] == "out_of_state"
    assert stored["transfer"]["records_received"] is False
    assert stored["behavior"]["removals_this_year_days"] == 2
    assert stored["percent_in_general_education"] == 45
    assert stored["document_language"] == "Spanish"
    # Parts left empty are "not recorded", not parts full of blanks.
    assert stored["english_learning"] is None
    assert stored["extended_school_year"] is None
    assert stored["postsecondary_aspirations"] is None
    assert stored["parent_guardian_names"] == ["Grace Okafor", "Samuel Okafor"]

    page = await client.get(f"/students/{student_id}")
    for shown in (
        "American Sign Language",
        "By signing",
        "Does the student understand speech by listening?</dt><dd>No</dd>",
        "Braille, Auditory (listening)",
        "Unified English Braille (UEB)",
        "Another state",
        "Cedar Ridge Unified",
        "2 school days",
        "45%",
        "I want to read faster.",
        "Grace Okafor, Samuel Okafor",
        "Swimming, audiobooks",
        "T-4471",
        "Prefers the front-left seat.",
        "Documents sent home in</dt><dd>Spanish",
    ):
        assert shown in page.text, shown
    assert f'href="/students/{student_id}/edit?open=vision#part-vision"' in page.text
    assert "Not recorded yet" in page.text
    assert f'href="/students/{student_id}/edit?open=english_learning#part-english_learning"' in (
        page.text
    )


async def test_every_mistake_is_shown_beside_its_field_in_one_round_and_nothing_is_lost(
    client: httpx.AsyncClient, database: Database
) -> None:
    teacher = await make_user(database, "teacher", password=PASSWORD)
    token = await sign_in(client, teacher)
    future = (date.today() + timedelta(days=20)).isoformat()
    form = _new_student_form(
        token,
        last_name="",
        **{
            "vision.functional_vision": "sighted",
            "vision.learning_media": ["braille"],
            "transfer.previous_district": "Cedar Ridge Unified",
            "transfer.records_received": "true",
            "behavior.functional_behavior_assessment_on": future,
            "behavior.removals_this_year_days": "three",
            "percent_in_general_education": "150",
            "communication.hears_speech": "true",
            "student_input": "I like maps.",
        },
    )

    refused = await client.post("/students/new", data=form)

    assert refused.status_code == 422
    text = refused.text
    assert "There are 6 problems to fix" in text
    for field_id in (
        "f-last-name",
        "f-vision",
        "f-transfer-kind",
        "f-behavior-functional-behavior-assessment-on",
        "f-behavior-removals-this-year-days",
        "f-percent-in-general-education",
    ):
        assert f'id="{field_id}-error"' in text, field_id
        assert f'href="#{field_id}"' in text, field_id
    # The summary reads top to bottom, in the form's order.
    linked = re.findall(r'<li><a href="#(f-[a-z-]+)">', text)
    assert linked == [
        "f-last-name",
        "f-percent-in-general-education",
        "f-vision",
        "f-behavior-functional-behavior-assessment-on",
        "f-behavior-removals-this-year-days",
        "f-transfer-kind",
    ]
    assert "sighted" in html.unescape(text)  # the rule's own reason, beside the vision group
    assert "Enter school days of suspension or removal this school year as a number." in text
    assert "must not be in the future" in text
    assert "Percent of the school day in general education now must be 100 or less." in text
    # The groups with a problem are open; everything typed is still there.
    assert re.search(r'id="part-vision" open', text)
    assert re.search(r'id="part-transfer" open', text)
    kept = form_fields(text, "/students/new")
    assert kept["vision.functional_vision"] == ["sighted"]
    assert kept["vision.learning_media"] == ["braille"]
    assert kept["transfer.previous_district"] == ["Cedar Ridge Unified"]
    assert kept["transfer.records_received"] == ["true"]
    assert kept["behavior.removals_this_year_days"] == ["three"]
    assert kept["communication.hears_speech"] == ["true"]
    assert kept["student_input"] == ["I like maps."]
    assert kept["first_name"] == ["Lena"]


async def test_saving_the_edit_form_unchanged_keeps_every_field_of_the_record(
    client: httpx.AsyncClient, database: Database
) -> None:
    teacher = await make_user(database, "teacher", password=PASSWORD)
    student_id = await create_student(client, teacher, **RICH_RECORD)
    before = (await client.get(f"/api/v1/students/{student_id}", headers=teacher.headers)).json()
    await sign_in(client, teacher)

    edit = await client.get(f"/students/{student_id}/edit?open=vision")
    saved = await client.post(
        f"/students/{student_id}/edit", data=form_fields(edit.text, f"/students/{student_id}/edit")
    )

    assert saved.status_code == 303, saved.text
    after = (await client.get(f"/api/v1/students/{student_id}", headers=teacher.headers)).json()
    ignored = {"updated_at", "created_at"}
    assert {k: v for k, v in after.items() if k not in ignored} == {
        k: v for k, v in before.items() if k not in ignored
    }
    # Every group holding something opens; the checked boxes and chosen answers are shown.
    assert all(re.search(rf'id="part-{key}" open', edit.text) for key in ("vision", "transfer"))
    assert 'name="communication.uses_interpreter" type="checkbox" value="true" checked' in edit.text


async def test_emptying_a_part_records_it_as_not_known_and_leaves_the_others(
    client: httpx.AsyncClient, database: Database
) -> None:
    teacher = await make_user(database, "teacher", password=PASSWORD)
    student_id = await create_student(client, teacher, **RICH_RECORD)
    token = await sign_in(client, teacher)
    edit = await client.get(f"/students/{student_id}/edit")
    data = form_fields(edit.text, f"/students/{student_id}/edit")
    for name in list(data):
        if name.startswith("communication."):
            del data[name]
    data["communication.hears_speech"] = [""]  # "Not recorded"
    data["csrf_token"] = [token]

    saved = await client.post(f"/students/{student_id}/edit", data=data)

    assert saved.status_code == 303
    after = (await client.get(f"/api/v1/students/{student_id}", headers=teacher.headers)).json()
    assert after["communication"] is None
    assert after["vision"] == RICH_RECORD["vision"]
    page = await client.get(f"/students/{student_id}")
    assert "American Sign Language" not in page.text
    assert ">Add communication and hearing</a>" in page.text


async def test_the_student_page_shows_every_field_the_record_holds(
    client: httpx.AsyncClient, database: Database
) -> None:
    teacher = await make_user(database, "teacher", password=PASSWORD)
    body = student_body(
        **RICH_RECORD, parent_guardian_names=["Grace Okafor"], notes="Prefers the front seat."
    )
    student_id = await create_student(client, teacher, **body)
    await sign_in(client, teacher)

    page = await client.get(f"/students/{student_id}")

    text = html.unescape(page.text)
    for value in (
        body["student_number"],
        body["interests"],
        body["notes"],
        "Grace Okafor",
        "Tactile signing when the room is dim.",
        "Uses a long cane; travels the school on her own.",
        "Signs BREAK and takes a two-minute break",
        "To escape or avoid a task or setting",
        "WIDA Alternate ACCESS",
        "Braille instruction 5 hours a week; interpreter all day.",
        "Work at a spa.",
        "Skills slipped a lot over breaks and took a long time to come back",
        "Seizure action plan on file with the school nurse.",
        "The previous school's records have arrived</dt><dd>No",
    ):
        assert value in text, value
    for key in (
        "dates",
        "student_words",
        "communication",
        "vision",
        "behavior",
        "english_learning",
        "transfer",
        "postsecondary_aspirations",
        "extended_school_year",
        "health",
    ):
        assert f"/edit?open={key}#part-{key}" in page.text, key
    assert "Not recorded yet" not in page.text
