"""What a model drafting one section is given beyond the record: the decisions it writes
from, the questions it must carry, and one good and one bad example.

The decisions stage (docs/decisions.md) has already decided each need, measure, baseline,
target, date, support and placement from the record; a model words them for a family and
may not change them. Each section sees the decisions it rests on — services see the
special factors, the LRE sees the services, ESY sees the goals — so no section waits for
another's prose to be consistent with it.
"""

from __future__ import annotations

from typing import Any, Final

from iepgen.generation.decisions import Decisions

DECISION_RULES: Final = """\
These decisions were made from the record by the district's rules. Write the section \
from them:
- Keep every decided need, status, measure, unit, baseline, target, date, service \
(minutes, frequency, location), accommodation and placement exactly as given; word them \
for a family, never change them.
- Use the evidence ids given with a decision in the section's evidence fields.
- Copy each question below into `questions_for_team` (topic, question, reason, decide_by). \
State nothing the record does not hold (a meeting, an agreement, a date someone was \
informed): ask instead.
- If you think a decision is wrong, keep it and add a question for the team saying why."""

# Decision parts each section writes from (beyond its own). Keys are `Decisions` fields.
_SLICES: Final[dict[str, tuple[str, ...]]] = {
    "student_profile": ("dates", "transfer"),
    "present_levels": ("areas", "goals"),
    "special_factors": ("factors", "goals"),
    "annual_goals": ("areas", "goals"),
    "progress_reporting": ("goals", "dates"),
    "services": ("services", "factors", "goals", "transfer", "dates"),
    "accommodations": ("accommodations", "participation", "factors"),
    "lre": ("placement", "services"),
    "transition": ("transition", "goals"),
    "transfer_of_rights": ("transfer_of_rights",),
    "esy": ("esy", "goals"),
}

# One short example of what the section must and must not say, in the shape of the record
# a reviewer sees. Fictional; placeholders as the model receives them.
EXAMPLES: Final[dict[str, tuple[str, str]]] = {
    "student_profile": (
        "[STUDENT_FIRST_NAME] is 10 and in grade 5. Home language: Spanish; "
        "[STUDENT_FIRST_NAME] is learning English.",
        "[STUDENT_FIRST_NAME] is a sweet girl who struggles because of her autism.",
    ),
    "present_levels": (
        "Reading: 52 words correct per minute on grade-5 passages (Curriculum-based "
        "measurement, 2026-09-15); grade-5 benchmark 111. Needs: reading fluency.",
        "Reading is a weakness typical of students with a learning disability; about 60 "
        "words per minute.",
    ),
    "special_factors": (
        "Blind or visually impaired: yes. Braille instruction in UEB by a teacher of "
        "students with visual impairments (see services); materials in braille.",
        "Assistive technology: yes, text-to-speech (no AT evaluation or device in the record).",
    ),
    "annual_goals": (
        "By 2027-11-29, given a grade-5 passage, [STUDENT_FIRST_NAME] will read aloud, "
        "reaching 81 words correct per minute on 3 of 4 weekly checks. Baseline: 52 words "
        "correct per minute.",
        "[STUDENT_FIRST_NAME] will improve reading comprehension to 80% (baseline in words "
        "correct per minute).",
    ),
    "progress_reporting": (
        "Goal 1: one-minute oral reading probes every week, in words correct per minute; "
        "written reports on each progress-report date given.",
        "Progress will be monitored as needed.",
    ),
    "services": (
        "Specialized instruction in reading fluency, small group, special education "
        "teacher, 5 times per week, 30 minutes, resource room, serves reading.",
        "Counseling as needed (no social-emotional need decided).",
    ),
    "accommodations": (
        "Captions on all videos (serves deaf_hard_of_hearing) for a Deaf student.",
        "Read tests aloud to a student who does not hear speech.",
    ),
    "lre": (
        "150 minutes a week of a 1,950-minute week outside the general class for "
        "small-group reading: 92% in general education.",
        "The student is in general education most of the day (no minutes, no reason).",
    ),
    "transition": (
        "After high school, [STUDENT_FIRST_NAME] will work as a certified nursing "
        "assistant in a hospital.",
        "[STUDENT_FIRST_NAME] will live independently.",
    ),
    "transfer_of_rights": (
        "[STUDENT_FIRST_NAME] turns 18 on 2027-08-19; informed on the date the record "
        "holds, or a question with the date it is due.",
        "[STUDENT_FIRST_NAME] and the family were informed of the transfer of rights "
        "(no date in the record).",
    ),
    "esy": (
        "The team decides by 2027-04-15 from winter-break data whether ESY is needed.",
        "ESY is needed because of the student's disability.",
    ),
}


def _jsonable(value: Any) -> Any:
    dump = getattr(value, "model_dump", None)
    if dump is not None:
        return dump(mode="json")
    if isinstance(value, list):
        return [_jsonable(item) for item in value]
    return value


def decisions_for(section_type: str, decisions: Decisions) -> dict[str, Any]:
    """The decisions `section_type` writes from, as JSON (with their evidence ids)."""
    parts = _SLICES.get(section_type, ())
    sliced = {name: _jsonable(getattr(decisions, name)) for name in parts}
    return {name: value for name, value in sliced.items() if value not in (None, [], {})}


def questions_for(section_type: str, decisions: Decisions) -> list[dict[str, Any]]:
    return [q.model_dump(mode="json") for q in decisions.questions_for(section_type)]


def example_lines(section_type: str) -> list[str]:
    example = EXAMPLES.get(section_type)
    if example is None:
        return []
    good, bad = example
    return [f"Good: {good}", f"Not acceptable: {bad}"]
