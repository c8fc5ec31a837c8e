"""Areas of need, decided from the data (decisions.md "Areas of need").

A result in the average range or at benchmark is not a need unless the team says it is;
a disability category alone never creates one; an area with no data is not a need, said
plainly — and a question for the team when the family raised a concern there. A goal
from last year with no new data keeps its area, flagged for the team to confirm.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, Final, get_args

from iepgen.generation.context import AssessmentFacts, GenerationContext, PreviousIEPFacts
from iepgen.generation.decisions.last_year import last_year_goal, outcome_sentence
from iepgen.generation.decisions.model import AreaDecision, SectionQuestion
from iepgen.generation.decisions.readings import Reading, read_assessment
from iepgen.sections.base import AREA_LABELS, Area

AREA_ORDER: Final[tuple[str, ...]] = get_args(Area)
MAX_ASSESSMENTS_PER_AREA: Final = 4

# Words in a parent's or teacher's concern that point at an area.
CONCERN_WORDS: Final[dict[str, re.Pattern[str]]] = {
    "reading": re.compile(r"\bread|phonics|decod", re.I),
    "writing": re.compile(r"\bwrit|spell", re.I),
    "math": re.compile(r"\bmath|number|arithmetic", re.I),
    "communication": re.compile(
        r"\bspeech|talk|speak|language|communicat|understood|understand", re.I
    ),
    "behavior": re.compile(r"behavio|meltdown|tantrum|elop|aggress|suspen|outburst", re.I),
    "social_emotional": re.compile(r"friend|anxi|social|lonely|peers|mood", re.I),
    "motor": re.compile(r"handwriting|motor|walk|balance|grip", re.I),
    "adaptive": re.compile(r"dress|toilet|self-care|daily living|feeding", re.I),
    "vocational": re.compile(r"\bjob\b|career|employ|work after", re.I),
    "other": re.compile(r"assignment|homework|organi[sz]|turn(?:ing)? in|work completion", re.I),
}
# What a concern in an area is about, where the area's own name would not say it.
CONCERN_LABELS: Final[dict[str, str]] = {"other": "organization and completing work"}


# Concerns the draft answers outside the areas of need: access to learning (braille, sign,
# mobility, a device) and, for a transfer, continuing the services the student had.
ANSWERED_ELSEWHERE: Final = re.compile(
    r"braille|sign|interpret|hearing|get(?:ting)? around|mobility|\bcane\b|device|"
    r"same (?:help|services|support)|had before|previous (?:school|iep)",
    re.I,
)


def area_label(area: str) -> str:
    return AREA_LABELS[area].lower()


def previous_goals(
    context: GenerationContext, area: str
) -> list[tuple[PreviousIEPFacts, dict[str, Any]]]:
    found: list[tuple[PreviousIEPFacts, dict[str, Any]]] = []
    for iep in context.previous_ieps:
        for goal in iep.sections.get("annual_goals", {}).get("goals", []):
            if isinstance(goal, dict) and goal.get("area") == area:
                found.append((iep, goal))
    return found


def behavior_recorded(context: GenerationContext) -> bool:
    """Whether the record shows behavior that impedes learning (plan, FBA, removals)."""
    behavior = context.student.behavior
    if behavior is None:
        return False
    return bool(
        behavior.target_behavior
        or behavior.behavior_plan_on
        or behavior.functional_behavior_assessment_on
        or (behavior.removals_this_year_days or 0) > 0
    )


def readings_by_area(context: GenerationContext) -> dict[str, list[Reading]]:
    """Each assessment's reading, newest first, grouped by area."""
    grouped: dict[str, list[Reading]] = {}
    for assessment in context.assessments:
        readings = grouped.setdefault(assessment.area, [])
        if len(readings) < MAX_ASSESSMENTS_PER_AREA:
            readings.append(read_assessment(assessment))
    return grouped


def _ids(readings: Iterable[Reading]) -> list[str]:
    return list(dict.fromkeys(r.assessment.id for r in readings))


def _from_readings(area: str, readings: list[Reading]) -> AreaDecision | None:
    relevant = [r for r in readings if r.status not in ("access", "context")]
    if not relevant:
        return None
    explicit = [r for r in relevant if r.basis == "team_finding"]
    if explicit:
        newest = explicit[0]
        return AreaDecision(
            area=area,
            status=newest.status,
            basis="team_finding",
            reason=newest.reason,
            evidence=_ids([newest]),
        )
    needs = [r for r in relevant if r.status == "need"]
    if needs:
        severity = (
            "well_below" if any(r.severity == "well_below" for r in needs) else ("below_average")
        )
        return AreaDecision(
            area=area,
            status="need",
            basis=needs[0].basis,
            reason=" ".join(r.reason for r in needs),
            evidence=_ids(needs),
            severity=severity,
        )
    if all(r.status == "not_a_need" for r in relevant):
        return AreaDecision(
            area=area,
            status="not_a_need",
            basis=relevant[0].basis,
            reason=" ".join(r.reason for r in relevant),
            evidence=_ids(relevant),
        )
    unclear = [r for r in relevant if r.status == "unclear"]
    return AreaDecision(
        area=area,
        status="unclear",
        basis=unclear[0].basis,
        reason=" ".join(r.reason for r in unclear),
        evidence=_ids(relevant),
    )


def decide_areas(
    context: GenerationContext, questions: list[SectionQuestion]
) -> list[AreaDecision]:
    """One decision per area the record speaks of, in document order."""
    grouped = readings_by_area(context)
    name = context.student.first_name
    decided: dict[str, AreaDecision] = {}
    for area, readings in grouped.items():
        decision = _from_readings(area, readings)
        if decision is not None:
            decided[area] = decision
    if "behavior" not in decided and behavior_recorded(context):
        decided["behavior"] = AreaDecision(
            area="behavior",
            status="need",
            basis="behavior_record",
            reason=f"{name}'s record holds a behavior that gets in the way of learning "
            "(target behavior, behavior plan or removals this year).",
            evidence=["student.behavior"],
        )
    for area in AREA_ORDER:
        earlier = previous_goals(context, area)
        if area in decided or not earlier:
            continue
        iep, _goal = earlier[0]
        last_year = last_year_goal(context, area)
        if last_year is not None and last_year[1].points:
            # The goal's own progress data are data in this area: they decide it.
            data_iep, outcome = last_year
            decided[area] = AreaDecision(
                area=area,
                status="need",
                basis="previous_iep",
                reason=outcome_sentence(data_iep, outcome),
                evidence=[data_iep.id],
            )
            if outcome.met:
                questions.append(
                    SectionQuestion(
                        section_type="present_levels",
                        topic=f"{AREA_LABELS[area]}: still a need?",
                        question=f"{name} met the {data_iep.academic_year} "
                        f"{area_label(area)} goal. Is {area_label(area)} still an area of "
                        "need, and if so, what is the next skill?",
                        reason="A goal that was met continues only if the team finds the "
                        "need continues.",
                    )
                )
            continue
        decided[area] = AreaDecision(
            area=area,
            status="need",
            basis="previous_iep",
            reason=f"The {iep.academic_year} IEP had a {area_label(area)} goal; no new data in "
            "this area has been entered since.",
            evidence=[iep.id],
        )
        questions.append(
            SectionQuestion(
                section_type="present_levels",
                topic=f"{AREA_LABELS[area]}: still a need?",
                question=f"Is {area_label(area)} still an area of need for {name}? The "
                f"{iep.academic_year} goal has no progress data in the record; enter the "
                "data or the team's finding.",
                reason="A goal carried over needs progress data and the reason it continues.",
            )
        )
    for area in context.requested_goal_areas:
        if area in decided:
            continue
        decided[area] = AreaDecision(
            area=area,
            status="need",
            basis="request",
            reason=f"The case manager asked for a {area_label(area)} goal; no data in this "
            "area is in the record yet, so its baseline is still to be measured.",
            evidence=[],
        )
    for decision in decided.values():
        if decision.status == "unclear":
            questions.append(
                SectionQuestion(
                    section_type="present_levels",
                    topic=f"{AREA_LABELS[decision.area]}: a need?",
                    question=f"Is {area_label(decision.area)} an area of need for {name}? "
                    "Record the team's finding on the assessment.",
                    reason=decision.reason,
                )
            )
    _concerns_without_data(context, decided, questions)
    _no_data(context, decided, questions)
    return [decided[area] for area in AREA_ORDER if area in decided]


def _concerns_without_data(
    context: GenerationContext, decided: dict[str, AreaDecision], questions: list[SectionQuestion]
) -> None:
    name = context.student.first_name
    concerns = (context.student.parent_concerns or "").strip()
    if not concerns:
        # The team must consider the parents' concerns (34 CFR §300.324(a)(1)(ii)): an empty
        # field is a conversation still to have, not "no concerns".
        questions.append(
            SectionQuestion(
                section_type="present_levels",
                topic="Family concerns",
                question=f"What are the family's concerns for {name}'s education? Ask the "
                "parents before or at the meeting and record them.",
                reason="The team must consider the parents' concerns for enhancing the child's "
                "education (34 CFR §300.324(a)(1)(ii)).",
            )
        )
        return
    assessed = {a.area for a in context.assessments}
    matched = False
    for area, pattern in CONCERN_WORDS.items():
        if not pattern.search(concerns):
            continue
        matched = True
        if area in decided or area in assessed:
            continue
        label = CONCERN_LABELS.get(area, area_label(area))
        questions.append(
            SectionQuestion(
                section_type="present_levels",
                topic=f"Family concern: {label}",
                question=f"The family raised a concern about {label}, and the record has no "
                f"data on it for {name}. Should the team gather data or evaluate this area?",
                reason="The team must consider the parents' concerns (34 CFR §300.324(a)(1)(ii)); "
                "no data in an area means no goal there.",
            )
        )
    if not matched and not ANSWERED_ELSEWHERE.search(concerns):
        questions.append(
            SectionQuestion(
                section_type="present_levels",
                topic="Family concerns",
                question=f'The family wrote: "{concerns}". Which part of this IEP answers this '
                "concern, or does the team need more information first?",
                reason="The team must consider the parents' concerns; this one does not point "
                "at an area the record has data for.",
            )
        )


def _no_data(
    context: GenerationContext, decided: dict[str, AreaDecision], questions: list[SectionQuestion]
) -> None:
    """A continuing student with no data at all: the annual review needs current data."""
    if decided or context.student.transfer is not None:
        return
    name = context.student.first_name
    questions.append(
        SectionQuestion(
            section_type="present_levels",
            topic="Current data",
            question=f"The record holds no assessment results or progress data for {name}. "
            "Which current data (progress monitoring, classroom assessments, the latest "
            "evaluation) will the team review? Enter them and draft again.",
            reason="Present levels, needs and goals rest on current data; without it this draft "
            "cannot propose any.",
        )
    )
    questions.append(
        SectionQuestion(
            section_type="services",
            topic="Current services",
            question=f"Which services, accommodations and goals does {name}'s current IEP "
            "list, and what do its progress reports show? They continue until the team "
            "decides from current data.",
            reason="The annual review revises the current IEP (34 CFR §300.324(b)(1)); the "
            "record holds neither it nor its progress.",
        )
    )
    questions.append(
        SectionQuestion(
            section_type="accommodations",
            topic="Current accommodations",
            question=f"Which accommodations does {name} use now, in class and on tests?",
            reason="None can be drafted without current data.",
        )
    )


def assessments_for(context: GenerationContext, decision: AreaDecision) -> list[AssessmentFacts]:
    """The assessments a decision cites, newest first."""
    return [a for a in context.assessments if a.id in decision.evidence]
