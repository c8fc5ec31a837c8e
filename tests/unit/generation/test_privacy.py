"""Pseudonymisation: identifying strings out before a call, back in the result."""

from __future__ import annotations

from dataclasses import replace

from iepgen.generation.privacy import Pseudonymizer, pseudonymize_request
from tests.fakes.student_context import (
    BIRTH_DATE,
    FIRST_NAME,
    LAST_NAME,
    PARENTS,
    SCHOOL,
    STUDENT_NUMBER,
    fictional_student,
    section_request,
)

IDENTIFYING = [
    FIRST_NAME,
    LAST_NAME,
    SCHOOL,
    STUDENT_NUMBER,
    *PARENTS,
    "Odalys",
    "Teodoro",
    "Brisk",
]


def pseudonymizer() -> Pseudonymizer:
    return Pseudonymizer.for_student(fictional_student())


def test_names_in_every_form_become_placeholders() -> None:
    text = (
        f"{FIRST_NAME} {LAST_NAME} met {LAST_NAME.upper()}, {FIRST_NAME}; {FIRST_NAME}'s "
        f"notes mention {FIRST_NAME.lower()}."
    )
    redacted = pseudonymizer().redact(text)
    assert redacted == (
        "[STUDENT_FULL_NAME] met [STUDENT_FULL_NAME]; [STUDENT_FIRST_NAME]'s notes mention "
        "[STUDENT_FIRST_NAME]."
    )


def test_birth_date_in_common_formats_is_replaced() -> None:
    text = "Born 2012-04-17, 04/17/2012, 4/17/2012, April 17, 2012 and Apr. 17, 2012."
    redacted = pseudonymizer().redact(text)
    assert "2012" not in redacted
    assert redacted.count("[DATE_OF_BIRTH]") == 5


def test_school_number_and_parents_are_replaced() -> None:
    text = f"{PARENTS[0]} and Teodoro wrote to {SCHOOL} about {STUDENT_NUMBER}."
    redacted = pseudonymizer().redact(text)
    assert (
        redacted
        == "[PARENT_1] and [PARENT_2_NAME_PART_1] wrote to [SCHOOL] about [STUDENT_NUMBER]."
    )


def test_words_that_merely_contain_a_name_are_left_alone() -> None:
    student = replace(fictional_student(), first_name="Ana", parent_guardian_names=())
    text = "Ana reads bananas and analyses data."
    assert Pseudonymizer.for_student(student).redact(text) == (
        "[STUDENT_FIRST_NAME] reads bananas and analyses data."
    )


def test_accented_names_match_with_or_without_accents() -> None:
    student = replace(fictional_student(), first_name="José")
    redactor = Pseudonymizer.for_student(student)
    assert redactor.redact("José and Jose") == "[STUDENT_FIRST_NAME] and [STUDENT_FIRST_NAME]"
    assert redactor.restore("[STUDENT_FIRST_NAME]") == "José"


def test_restore_puts_real_values_back_and_leaves_unknown_placeholders() -> None:
    restored = pseudonymizer().restore_value(
        {
            "name": "[STUDENT_FULL_NAME]",
            "items": ["[student_first_name] at [SCHOOL]", "[DATE_OF_BIRTH]", "[UNKNOWN]"],
            "age": 13,
        }
    )
    assert restored == {
        "name": f"{FIRST_NAME} {LAST_NAME}",
        "items": [f"{FIRST_NAME} at {SCHOOL}", BIRTH_DATE.isoformat(), "[UNKNOWN]"],
        "age": 13,
    }


def test_a_whole_request_carries_no_identifying_string() -> None:
    request = section_request(
        "annual_goals",
        earlier_sections={"present_levels": {"areas": [{"needs": f"{FIRST_NAME} needs help"}]}},
        repair_findings=(f"Goal 1 names {FIRST_NAME} {LAST_NAME} wrongly",),
        previous_output={"goals": [{"statement": f"{FIRST_NAME} will read"}]},
        instructions=f"Mention {PARENTS[1]}",
    )
    redacted, _ = pseudonymize_request(request)
    dumped = repr(redacted).lower()
    # The birth date object itself stays for age maths; prompts never print it.
    dumped = dumped.replace(repr(BIRTH_DATE).lower(), "")
    for value in IDENTIFYING:
        assert value.lower() not in dumped, value
    assert redacted.context.student.date_of_birth == BIRTH_DATE
    assert redacted.context.age_at_start == 13


def test_two_letter_name_parts_of_parents_are_not_replaced_everywhere() -> None:
    student = replace(fictional_student(), parent_guardian_names=("Maria de la Cruz",))
    redacted = Pseudonymizer.for_student(student).redact("Notes de la semana by Maria")
    assert redacted == "Notes de la semana by [PARENT_1_NAME_PART_1]"


def test_record_ids_pass_unchanged_even_when_their_digits_look_like_a_phone_number() -> None:
    record_id = "a1111111-1111-4111-8111-111111111111"
    redacted = pseudonymizer().redact(f"Cites {record_id}; the family's phone is 1 555 123 4567.")
    assert record_id in redacted and "[PHONE_1]" in redacted and "4567" not in redacted
