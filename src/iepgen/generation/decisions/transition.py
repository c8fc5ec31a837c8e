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
from iepgen.generation.decisions.access import Access
from iepgen.generation.decisions.model import (
    GoalPlan,
    SectionQuestion,
    TransferDecision,
    TransferOfRightsDecision,
    TransitionDecision,
    TransitionServicePlan,
)
from iepgen.sections.base import Area, friendly_date
from iepgen.sections.dates import IEPDates, add_years
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


def _aspiration(goal: str, name: str) -> str:
    """'After high school, Ana will work as a vet technician.' → 'work as a vet technician'."""
    return goal.removeprefix(f"After high school, {name} will ").rstrip(".")


def _services(
    name: str,
    goals: dict[TransitionDomain, str],
    dates: IEPDates,
    *,
    senior: bool = False,
    uses_device: bool = False,
) -> list[TransitionServicePlan]:
    """Services toward each goal the student named, each with a date inside this IEP."""
    reflects = (
        "tells what was learned with the communication device or with photos"
        if uses_device
        else "writes or records what was learned"
    )
    first, second = (
        dates.progress_reports()[:2]
        if len(dates.progress_reports()) >= 2
        else (
            dates.end,
            dates.end,
        )
    )
    by_first, by_second = friendly_date(first), friendly_date(second)
    plans: list[TransitionServicePlan] = []
    if not goals:
        # Nothing to plan toward yet: the first service is finding out what the student wants.
        plans.append(
            TransitionServicePlan(
                description=f"By {by_first}, {name} completes an interest inventory and a career "
                "exploration activity with the school counselor and talks about the results "
                f"with the family, so {name}'s postsecondary goals can be written.",
                responsible="School counselor",
                supports_goal="education_training",
            )
        )
    if "education_training" in goals:
        aim = _aspiration(goals["education_training"], name)
        plans.append(
            TransitionServicePlan(
                description=f"By {by_first}, {name} and the counselor list programs for "
                f"{name}'s goal ({aim}). By {by_second}, {name} visits one and asks how to get "
                "accommodations there.",
                responsible="School counselor and transition coordinator",
                supports_goal="education_training",
            )
        )
    if "employment" in goals:
        aim = _aspiration(goals["employment"], name)
        plans.append(
            TransitionServicePlan(
                description=f"By {by_second}, {name} shadows people at work in the job of "
                f"{name}'s goal ({aim}). Afterwards {name} {reflects}.",
                responsible="Transition coordinator",
                supports_goal="employment",
            )
        )
        plans.append(
            TransitionServicePlan(
                # A senior may leave with a diploma in June: the referral comes before then.
                description=f"By {by_second if senior else friendly_date(dates.end)}, with "
                "consent, a referral to the state vocational rehabilitation agency, with help "
                "completing the application.",
                responsible="Transition coordinator and family",
                supports_goal="employment",
            )
        )
    if "independent_living" in goals:
        aim = _aspiration(goals["independent_living"], name)
        plans.append(
            TransitionServicePlan(
                description=f"All year, {name} learns the daily living skills for the goal "
                f"({aim}). {name} practices them at school and, with the family, at home.",
                responsible="Special education teacher and family",
                supports_goal="independent_living",
            )
        )
    return plans


_WORK_PLACEMENT: Final = re.compile(
    r"work (placement|experience|site)|job (placement|training)", re.I
)
_COMMUNITY: Final = re.compile(r"community[- ]based (instruction|learning)", re.I)


def _course_services(
    name: str, course: str, goals: dict[TransitionDomain, str]
) -> list[TransitionServicePlan]:
    """What the recorded course of study promises (a work placement, community-based
    instruction) as services, so the plan provides what the course of study names."""
    plans: list[TransitionServicePlan] = []
    if _WORK_PLACEMENT.search(course):
        aim = (
            f" toward {name}'s goal ({_aspiration(goals['employment'], name)})"
            if ("employment" in goals)
            else ""
        )
        plans.append(
            TransitionServicePlan(
                description=f"All year, a school work placement{aim}, as the course of study "
                "sets out; the team sets the hours and the site.",
                responsible="Transition coordinator",
                supports_goal="employment" if "employment" in goals else "education_training",
            )
        )
    if _COMMUNITY.search(course):
        plans.append(
            TransitionServicePlan(
                description=f"All year, community-based instruction: {name} practices "
                "shopping, travel and using community services where they happen, as the "
                "course of study sets out.",
                responsible="Special education teacher",
                supports_goal="independent_living"
                if "independent_living" in goals
                else "education_training",
            )
        )
    return plans


# Annual goal areas that build skills toward each postsecondary domain.
_SUPPORTS_DOMAIN: Final[dict[str, frozenset[str]]] = {
    "education_training": frozenset(
        {"reading", "writing", "math", "communication", "behavior", "social_emotional", "other"}
    ),
    "employment": frozenset(
        {"vocational", "adaptive", "communication", "social_emotional", "behavior", "motor"}
    ),
    "independent_living": frozenset({"adaptive", "health", "math", "motor", "communication"}),
}


def _supporting_areas(goals: list[GoalPlan], planned: dict[TransitionDomain, str]) -> list[Area]:
    """Goal areas that build toward a postsecondary goal the student named."""
    wanted = set().union(*(_SUPPORTS_DOMAIN[d] for d in planned)) if planned else set()
    return list(dict.fromkeys(g.area for g in goals if g.area in wanted))


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
        f"{a.name} ({friendly_date(a.administered_on)}): {a.summary}"
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
                question=f"Was {name} invited to this meeting? Record the date. If not, the "
                f"team reconvenes with {name} invited; if {name} does not attend, the team "
                f"takes other steps to learn {name}'s preferences and interests.",
                reason="The student must be invited when transition is considered "
                "(34 CFR §300.321(b)(1)-(2)); the draft states it only with the recorded date.",
            )
        )
    adult = birthday_in(student.date_of_birth, context.age_of_majority) <= context.dates.meeting
    # Once rights have transferred the adult student consents and receives the notices
    # (the parents still get notices too, 34 CFR §300.520(a)(1)(i)).
    consenter = name if adult else "the parents'"
    questions.append(
        SectionQuestion(
            section_type="transition",
            topic="Agencies",
            question="Which agencies (for example vocational rehabilitation) should be invited to "
            f"the meeting? Invite them only with {consenter}{chr(39) + 's' if adult else ''} "
            "consent.",
            reason="Agencies likely to provide or pay for transition services are invited with "
            "consent (34 CFR §300.321(b)(3)).",
        )
    )
    course = (aspirations.course_of_study if aspirations else None) or ""
    if not course:
        credential = (
            "the credential the state offers students taught to alternate standards, or a "
            "regular diploma"
            if student.alternate_assessment
            else "a regular diploma or another credential"
        )
        questions.append(
            SectionQuestion(
                section_type="transition",
                topic="Course of study",
                question=f"Which courses will take {name} toward the postsecondary goals, and "
                f"toward {credential}? Record the course of study with the aspirations.",
                reason="The course of study is the team's plan with the student and family; the "
                "record does not hold it.",
            )
        )
    supporting = _supporting_areas(goals, planned)
    if planned and not supporting:
        questions.append(
            SectionQuestion(
                section_type="annual_goals",
                topic="Annual goal for transition",
                question=f"Which annual goal moves {name} toward the postsecondary goals? If none "
                "does, add one (for example on job tasks, self-advocacy or daily living skills).",
                reason="Annual goals must support the postsecondary goals (34 CFR §300.320(b)).",
            )
        )
    if student.grade_level == "12":
        questions.append(
            SectionQuestion(
                section_type="transition",
                topic="Graduation",
                question=f"Will {name} graduate with a regular diploma during this IEP? If so, "
                "services end at graduation: give "
                + (f"{name} (and the parents)" if adult else "the family")
                + f" prior written notice and {name} a summary of academic achievement and "
                "functional performance with recommendations for meeting the postsecondary "
                "goals. Transition services dated after graduation then happen before it.",
                reason="Graduation with a regular diploma ends eligibility; the summary of "
                "performance is required (34 CFR §300.102(a)(3), §300.305(e)(3)).",
            )
        )
    return TransitionDecision(
        applies=True,
        start_age=start_age,
        reason=f"{name} is {context.age_at_end} by the end of this IEP: the transition plan "
        "is required.",
        goals=planned,
        assessments=assessments,
        services=_services(
            name,
            planned,
            context.dates,
            senior=student.grade_level == "12",
            uses_device=Access.of(context).uses_device,
        )
        + _course_services(name, course, planned),
        course_of_study=course,
        supporting_areas=supporting,
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
    overdue = False
    if informed is None:
        inform_by = add_years(majority_on, -1)
        overdue = inform_by < context.dates.meeting
        questions.append(
            SectionQuestion(
                section_type="transfer_of_rights",
                topic="Transfer of rights",
                question=(
                    f"The notice was due by {friendly_date(inform_by)} and the record does not "
                    f"show it was given: inform {name} (and the family) at this meeting of the "
                    f"rights that transfer at {majority}, and record the date."
                    if overdue
                    else f"Inform {name} (and the family) of the rights that transfer at "
                    f"{majority}, and record the date."
                ),
                reason="The IEP states that the student was informed only when the record holds "
                "the date.",
                decide_by=None if overdue else inform_by,
            )
        )
    after = ""
    if majority_on <= context.dates.end:
        after = (
            f" From then, {name} makes the decisions and gets the notices and progress "
            "reports; the school still sends the notices to the parents too."
        )
    return TransferOfRightsDecision(
        applies=True,
        reason=f"{name} turns {majority} on {friendly_date(majority_on)}; the notice is due at "
        f"least one year before.{after}",
        majority_on=majority_on,
        informed_on=informed,
        inform_by=inform_by,
        overdue=overdue,
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
    dated = f" dated {friendly_date(transfer.previous_iep_on)}" if transfer.previous_iep_on else ""
    until = (
        "the district adopts that IEP or writes a new one"
        if transfer.kind == "in_state"
        else "the district completes any evaluation it finds necessary and writes a new IEP"
    )
    # Until the records arrive, what the previous IEP provided is what the family says.
    source = (
        "The previous IEP provided"
        if transfer.records_received
        else "The family reports that the previous IEP provided"
    )
    services = (
        f" {source}: {transfer.previous_services.rstrip('.')}."
        if transfer.previous_services
        else ""
    )
    if transfer.enrolled_on is not None and transfer.enrolled_on < context.dates.meeting:
        questions.append(
            SectionQuestion(
                section_type="services",
                topic="Services since enrolment",
                question=f"Has {name} received services comparable to the previous IEP since "
                f"enrolling on {friendly_date(transfer.enrolled_on)}? If not, the team considers "
                "compensatory services for the time missed.",
                reason="Comparable services are owed from enrolment (34 CFR §300.323(e)-(f)).",
            )
        )
    questions.append(
        SectionQuestion(
            section_type="student_profile",
            topic="New IEP date",
            question="By when will the district "
            + (
                "adopt the previous IEP or write a new one"
                if transfer.kind == "in_state"
                else "complete its evaluation and write a new IEP"
            )
            + "? This plan's comparable services run until then, not for a full year.",
            reason="Comparable services are interim, until the new IEP.",
        )
    )
    if transfer.records_received:
        records = " The previous school's records have been received."
    elif transfer.records_requested_on:
        records = (
            f" The records were requested on {friendly_date(transfer.records_requested_on)} and "
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
    if transfer.kind == "out_of_state":
        questions.append(
            SectionQuestion(
                section_type="student_profile",
                topic="Evaluation after an out-of-state transfer",
                question=f"Does the district need its own evaluation of {name}? If so, ask the "
                "parents for consent now; the new IEP follows the evaluation.",
                reason="After an out-of-state transfer the district may evaluate to decide "
                "eligibility under its state's rules (34 CFR §300.323(f)).",
            )
        )
    questions.append(
        SectionQuestion(
            section_type="accommodations",
            topic="Accommodations from the previous IEP",
            question=f"Which accommodations and testing accommodations did {name}'s previous IEP "
            "list? They continue as part of the comparable services.",
            reason="Comparable services include the previous IEP's accommodations; the record "
            "does not list them.",
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
