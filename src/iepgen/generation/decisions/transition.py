"""Transition (§300.320(b)), transfer of rights (§300.320(c)) and transfers (§300.323(e)-(f)).

Postsecondary goals come from the student's own aspirations, one per domain, as outcomes
after school ("will complete ...", "will work ..."). What has happened — an invitation,
a notice of rights — is stated only with the date the record holds; otherwise the draft
says by when it must happen and asks the team.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Final

from iepgen.generation.applicability import birthday_in
from iepgen.generation.context import GenerationContext
from iepgen.generation.dates import add_years
from iepgen.generation.decisions.model import (
    GoalPlan,
    SectionQuestion,
    TransferDecision,
    TransferOfRightsDecision,
    TransitionDecision,
    TransitionServicePlan,
)
from iepgen.sections.transition import TransitionDomain

TRANSITION_AGE: Final = 16
_EARLIER_START: Final = re.compile(
    r"\b(?:from|beginning at|starting at)\s+(?:age\s+)?(1[2-6])\b", re.I
)
_TRANSITION_ASSESSMENT: Final = re.compile(
    r"transition|interest|career|vocational|aptitude|work sample|self-determination|"
    r"independent living|adaptive",
    re.I,
)
_VERBS: Final = re.compile(
    r"^(?:become|work|complete|attend|earn|enroll|live|get|study|train|join|take|find|be|"
    r"start|open|own|move|use|go)\b",
    re.I,
)
_LEAD_IN: Final = re.compile(
    r"^(?:i |he |she |they )?(?:wants? to|would like to|hopes? to|to)\s+", re.I
)
DOMAIN_NAMES: Final[dict[str, str]] = {
    "education_training": "education or training",
    "employment": "employment",
    "independent_living": "independent living",
}


def transition_start_age(instructions: str) -> int:
    """A state's earlier start (e.g. 'from age 14' in the template), never later than 16."""
    match = _EARLIER_START.search(instructions)
    return min(int(match.group(1)), TRANSITION_AGE) if match else TRANSITION_AGE


def template_instructions(context: GenerationContext, section_type: str) -> str:
    for candidate, _title, instructions in context.template_sections:
        if candidate == section_type:
            return instructions
    return ""


def postsecondary_goal(name: str, domain: str, aspiration: str) -> str:
    """The aspiration as an outcome after school: 'After high school, Ana will ...'."""
    text = _LEAD_IN.sub("", aspiration.strip().rstrip(".")).strip()
    if not text:
        return ""
    lowered = text[0].lower() + text[1:]
    if not _VERBS.match(lowered):
        lowered = {
            "education_training": f"complete training in {lowered}",
            "employment": f"work in {lowered}",
            "independent_living": f"live {lowered}",
        }[domain]
    return f"After high school, {name} will {lowered}."


def _services(name: str, goals: dict[TransitionDomain, str]) -> list[TransitionServicePlan]:
    plans: list[TransitionServicePlan] = []
    if "education_training" in goals:
        plans.append(
            TransitionServicePlan(
                description=f"Research programs that lead to {name}'s education goal, visit one, "
                "and learn what it takes to apply and to ask for accommodations there.",
                responsible="School counselor and transition coordinator",
                supports_goal="education_training",
            )
        )
    if "employment" in goals:
        plans.append(
            TransitionServicePlan(
                description=f"Job shadowing and work-based learning in the field of {name}'s "
                "employment goal.",
                responsible="Transition coordinator",
                supports_goal="employment",
            )
        )
        plans.append(
            TransitionServicePlan(
                description="With consent, a referral to the state vocational rehabilitation "
                "agency, and help with the application.",
                responsible="Transition coordinator and family",
                supports_goal="employment",
            )
        )
    if "independent_living" in goals:
        plans.append(
            TransitionServicePlan(
                description="Instruction in the daily living skills the living goal needs "
                "(budgeting, cooking, getting around town), practiced at home and in the "
                "community.",
                responsible="Special education teacher and family",
                supports_goal="independent_living",
            )
        )
    return plans


def decide_transition(
    context: GenerationContext, goals: list[GoalPlan], questions: list[SectionQuestion]
) -> TransitionDecision:
    student = context.student
    name = student.first_name
    start_age = transition_start_age(template_instructions(context, "transition"))
    if context.age_at_end < start_age:
        return TransitionDecision(
            applies=False,
            start_age=start_age,
            reason=f"{name} will be {context.age_at_end} at the end of this IEP. A transition "
            f"plan starts with the IEP in effect when a student turns {start_age}.",
        )
    aspirations = student.postsecondary_aspirations
    planned: dict[TransitionDomain, str] = {}
    needed = ["education_training", "employment"]
    if student.alternate_assessment or any(g.area == "adaptive" for g in goals):
        needed.append("independent_living")
    for domain in ("education_training", "employment", "independent_living"):
        text = getattr(aspirations, domain) if aspirations else None
        if text:
            planned[domain] = postsecondary_goal(name, domain, text)
        elif domain in needed:
            questions.append(
                SectionQuestion(
                    section_type="transition",
                    topic=f"Postsecondary goal: {DOMAIN_NAMES[domain]}",
                    question=f"What does {name} want to do after high school in "
                    f"{DOMAIN_NAMES[domain]}? Ask {name} and the family, use an age-appropriate "
                    "transition assessment, and record it in the postsecondary aspirations.",
                    reason="A measurable postsecondary goal comes from the student's own "
                    "preferences and interests, never from the draft.",
                )
            )
    assessments = [
        f"{a.name} ({a.administered_on.isoformat()}): {a.summary}"
        for a in context.assessments
        if a.area == "vocational" or _TRANSITION_ASSESSMENT.search(a.name)
    ]
    if not assessments:
        questions.append(
            SectionQuestion(
                section_type="transition",
                topic="Transition assessment",
                question=f"Which age-appropriate transition assessment (an interest inventory, a "
                f"career or independent-living assessment) will {name} take, and by when?",
                reason="Postsecondary goals rest on age-appropriate transition assessments.",
            )
        )
    if student.invited_to_meeting_on is None:
        questions.append(
            SectionQuestion(
                section_type="transition",
                topic="Student invitation",
                question=f"Invite {name} to the IEP meeting where transition is discussed, and "
                "record the date of the invitation.",
                reason="The student must be invited (34 CFR §300.321(b)); the draft states it "
                "only when the record holds the date.",
            )
        )
    questions.append(
        SectionQuestion(
            section_type="transition",
            topic="Agencies",
            question="Which agencies (for example vocational rehabilitation) should be invited to "
            "the meeting? Invite them only with the parents' (or adult student's) consent.",
            reason="Agencies likely to provide or pay for transition services are invited with "
            "consent (34 CFR §300.321(b)(3)).",
        )
    )
    course = (
        "Courses aligned to the alternate achievement standards, with community-based "
        "instruction and work experience each year, toward the credential the state offers "
        "students taught to alternate standards."
        if student.alternate_assessment
        else f"Courses toward a standard diploma, with career and technical electives that "
        f"match {name}'s postsecondary goals."
    )
    return TransitionDecision(
        applies=True,
        start_age=start_age,
        reason=f"{name} is {context.age_at_end} by the end of this IEP: the transition plan "
        "is required.",
        goals=planned,
        assessments=assessments,
        services=_services(name, planned),
        course_of_study=course,
        supporting_areas=list(dict.fromkeys(g.area for g in goals)),
        invited_on=student.invited_to_meeting_on,
    )


def decide_transfer_of_rights(
    context: GenerationContext, questions: list[SectionQuestion]
) -> TransferOfRightsDecision:
    name = context.student.first_name
    majority = context.age_of_majority
    if not context.transfer_of_rights_required:
        return TransferOfRightsDecision(
            applies=False,
            reason=f"{name} will be {context.age_at_end} at the end of this IEP. This notice is "
            f"given in the IEP in effect when a student turns {majority - 1}.",
        )
    majority_on = birthday_in(context.student.date_of_birth, majority)
    informed = context.student.transfer_of_rights_informed_on
    inform_by: date | None = None
    if informed is None:
        inform_by = max(add_years(majority_on, -1), context.dates.meeting)
        questions.append(
            SectionQuestion(
                section_type="transfer_of_rights",
                topic="Transfer of rights",
                question=f"Inform {name} (and the family) of the rights that transfer at "
                f"{majority}, and record the date.",
                reason="The IEP states that the student was informed only when the record holds "
                "the date.",
                decide_by=inform_by,
            )
        )
    return TransferOfRightsDecision(
        applies=True,
        reason=f"{name} turns {majority} on {majority_on.isoformat()}; the notice is due at "
        "least one year before.",
        majority_on=majority_on,
        informed_on=informed,
        inform_by=inform_by,
    )


def decide_transfer(
    context: GenerationContext, questions: list[SectionQuestion]
) -> TransferDecision | None:
    transfer = context.student.transfer
    if transfer is None:
        return None
    name = context.student.first_name
    origin = transfer.previous_district or (
        "another state" if transfer.kind == "out_of_state" else "another district in the state"
    )
    dated = f" dated {transfer.previous_iep_on.isoformat()}" if transfer.previous_iep_on else ""
    until = (
        "the district adopts that IEP or writes a new one"
        if transfer.kind == "in_state"
        else "the district completes any evaluation it finds necessary and writes a new IEP"
    )
    services = (
        f" The previous IEP provided: {transfer.previous_services.rstrip('.')}."
        if transfer.previous_services
        else ""
    )
    if transfer.records_received:
        records = " The previous school's records have been received."
    elif transfer.records_requested_on:
        records = (
            f" The records were requested on {transfer.records_requested_on.isoformat()} and "
            "have not been received yet."
        )
    else:
        records = " The record does not show that the previous school's records were requested."
    if not transfer.records_received:
        questions.append(
            SectionQuestion(
                section_type="services",
                topic="Transfer records",
                question=f"Request (or follow up on) {name}'s records from {origin}, including the "
                "previous IEP and evaluations, and record when they arrive.",
                reason="The new school must take reasonable steps to obtain the records "
                "(34 CFR §300.323(g)).",
            )
        )
    if not transfer.previous_services:
        questions.append(
            SectionQuestion(
                section_type="services",
                topic="Comparable services",
                question=f"Which services did {name}'s previous IEP provide? Comparable services "
                "start now, agreed with the parents.",
                reason="A transfer student receives services comparable to the previous IEP.",
            )
        )
    return TransferDecision(
        kind=transfer.kind,
        statement=(
            f"{name} transferred from {origin} with an IEP{dated}. Until {until}, {name} "
            f"receives services comparable to that IEP, in consultation with the parents."
            f"{services}{records}"
        ),
        records_received=transfer.records_received,
    )
