"""Assessment participation (§300.320(a)(6)) and the least restrictive environment (§300.320(a)(5)).

Placement is computed, not chosen: the minutes of services outside the general class
against the school week, compared with where the student is now. Participation follows
the record: preschool children take no state tests; an alternate assessment needs data
showing the state's criteria are met, never a category.
"""

from __future__ import annotations

import re
from typing import Final

from iepgen.generation.applicability import is_preschool
from iepgen.generation.context import GenerationContext
from iepgen.generation.decisions.model import (
    AccommodationPlan,
    ParticipationDecision,
    PlacementDecision,
    SectionQuestion,
    SupportPlan,
)
from iepgen.generation.decisions.readings import read_assessment
from iepgen.sections.vocabulary import join_words

# Names of assessments of cognition: what the state's alternate-assessment criteria rest on.
_COGNITIVE: Final = re.compile(
    r"cognit|intellig|\bIQ\b|WISC|WAIS|WPPSI|Stanford-Binet|KABC|Leiter|DAS-II|UNIT", re.I
)
# A proposal this far from the current placement is a change the team must explain.
PLACEMENT_CHANGE_POINTS: Final = 10
EARLY_CHILDHOOD_OUTCOMES: Final = (
    "getting along with others; learning and using new skills, including early language; "
    "and taking care of their own needs"
)


def placement_category(percent: int, preschool: bool, services_mostly_outside: bool = False) -> str:
    if preschool:
        # Preschool settings are reported by where most services are given, not by percent.
        # Whether the program is a regular early childhood program is the team's to record.
        return (
            "Early childhood program, with most special education services given outside it"
            if services_mostly_outside or percent < 80
            else "Early childhood program, with special education services in the program"
        )
    if percent >= 80:
        return "Regular class 80% or more of the day"
    if percent >= 40:
        return "Regular class 40% to 79% of the day"
    return "Regular class less than 40% of the day"


def decide_placement(
    context: GenerationContext, services: list[SupportPlan], questions: list[SectionQuestion]
) -> PlacementDecision:
    name = context.student.first_name
    week = context.school_week_minutes
    outside = [s for s in services if s.outside_general_class]
    minutes = round(sum(s.weekly_minutes for s in outside))
    percent = max(0, min(100, round(100 * (1 - minutes / week))))
    labels = list(dict.fromkeys(s.label for s in outside))
    preschool = is_preschool(context.student.grade_level)
    comparable = [s for s in services if "comparable_services" in s.serves]
    if context.student.transfer is not None and not comparable:
        questions.append(
            SectionQuestion(
                section_type="lre",
                topic="Placement during comparable services",
                question=f"How much of the day will {name}'s comparable services take outside "
                "the general class until the new IEP?",
                reason="Placement follows the services; the record does not say what the "
                "previous IEP provided.",
            )
        )
    if preschool:
        # The K-12 school week is not a preschool program's week; the team supplies it.
        questions.append(
            SectionQuestion(
                section_type="lre",
                topic="Early childhood program",
                question=f"How many hours a week does {name} attend a regular early childhood "
                "program, and are most services given there? The percent in this draft assumes "
                f"a {week}-minute week.",
                reason="Preschool placement is reported by hours in a regular early childhood "
                "program and where services are given, which the record does not hold.",
            )
        )
    current = context.student.percent_in_general_education
    if not services and current is not None:
        # No services drafted yet (no data, see the questions): the placement is not changed
        # by default; the team decides it with the services.
        return PlacementDecision(
            minutes_outside=0,
            school_week_minutes=week,
            percent_in_general_education=current,
            placement=placement_category(current, preschool),
            current_percent=current,
            comparison="",
            reason=f"This draft proposes no services yet (see the questions for the team). "
            f"{name} stays in general education about {current}% of the day, as now, until the "
            "team decides the services.",
        )
    if preschool and outside:
        reason = (
            f"{name} spends about {minutes} minutes a week outside the early childhood program, "
            f"for {join_words(labels)}. Whether the rest of the program week is with children "
            "who do not have disabilities depends on the program, which the team records (see "
            "the question below)."
        )
    elif outside:
        why = (
            "These continue the previous IEP's services until the team writes a new IEP."
            if comparable and len(comparable) == len(outside)
            # The reason a service cannot be given in the general class is the team's, for
            # this child and this service (34 CFR §300.114(a)(2)); the draft asks for it.
            else "For each, the team records why it cannot be given in the general class with "
            "supplementary aids and services."
        )
        reason = (
            f"{name} spends about {minutes} minutes a week of a {week}-minute school week "
            f"outside the general class, for {join_words(labels)}. {why} The rest of the day "
            f"{name} is in the general class with classmates who do not have disabilities."
        )
    else:
        reason = (
            # Not "every service is given there": a check-in before school or staff training
            # happens elsewhere without taking the student out of class.
            f"{name} is in the general class with classmates who do not have disabilities all "
            f"day; no service takes {name} out of it."
        )
    learning = context.student.english_learning
    if context.student.english_learner and learning is not None and learning.el_services:
        # English language development is not special education, so the drafted services do
        # not count it; where it is given decides whether the day adds up as printed.
        reason += (
            f" The percent counts special education and related services only; {name}'s "
            f"English language development ({learning.el_services.strip().rstrip('.')}) is "
            "not among them."
        )
        questions.append(
            SectionQuestion(
                section_type="lre",
                topic="English language development time",
                question=f"Where is {name}'s English language development given, and is any of "
                "it outside the general class? If so, record that time so the day's time in "
                "general education adds up.",
                reason="The time in general education is the whole school day; language "
                "services given outside the general class are part of it.",
            )
        )
    comparison = ""
    change_basis = ""
    total = sum(s.weekly_minutes for s in services)
    mostly_outside = total > 0 and minutes * 2 > total
    drafted_placement = placement_category(percent, preschool, mostly_outside)
    if current is not None:
        if abs(current - percent) < PLACEMENT_CHANGE_POINTS:
            comparison = (
                f"{name} is in general education about {current}% of the day now; this plan "
                "keeps about the same time."
            )
        else:
            direction = "more" if percent > current else "less"
            comparison = (
                f"{name} is in general education {current}% of the day now; the services in "
                f"this draft add up to {percent}%, which is {direction} time with classmates "
                "who do not have disabilities. The team decides which placement it proposes."
            )
            now_category = placement_category(current, preschool)
            drafted_category = placement_category(percent, preschool)
            category_changes = now_category != drafted_category
            if category_changes:
                # The current placement leads, the arithmetic follows: a parent reading the
                # line must not take the drafted sum for a proposed move.
                drafted_placement = (
                    f"{now_category} now; the drafted services alone add up to "
                    f"{drafted_category[0].lower()}{drafted_category[1:]} (the team decides)"
                )
                change_basis = f"as the drafted services add up; {current}% now"
            questions.append(
                SectionQuestion(
                    section_type="lre",
                    topic="Change of placement"
                    if category_changes
                    else "Change in time outside the general class",
                    question=f"The services drafted add up to {percent}% of the day in general "
                    f"education; {name} is in general education {current}% now. Which does "
                    "the team propose, and why? List the services that make up the time now "
                    "if they are not in this draft."
                    + (
                        " A change of placement needs prior written notice to the parents."
                        if category_changes
                        else ""
                    ),
                    reason="A change in services or placement is a team decision with its "
                    "reasons, given to the parents in prior written notice (34 CFR §300.503).",
                )
            )
    elif not preschool and context.student.transfer is not None and comparable:
        questions.append(
            SectionQuestion(
                section_type="lre",
                topic="Placement under the previous IEP",
                question=f"How much of the day was {name} in general education under the "
                "previous IEP? Comparable services keep that placement until the new IEP; the "
                "percent in this draft counts only the services the family reported.",
                reason="The record does not give the previous IEP's placement.",
            )
        )
    elif not preschool and context.student.transfer is None:
        questions.append(
            SectionQuestion(
                section_type="lre",
                topic="Current placement",
                question=f"How much of the day is {name} in general education now? Record it "
                "so the team can see whether this IEP changes the placement.",
                reason="A change of placement must be recognised and explained; the record "
                "does not give the current placement.",
            )
        )
    basis = (
        f"counted on a {week}-minute school week until the program's weekly hours are recorded"
        if preschool
        else change_basis
    )
    return PlacementDecision(
        percent_basis=basis,
        minutes_outside=minutes,
        school_week_minutes=week,
        percent_in_general_education=percent,
        placement=drafted_placement,
        current_percent=current,
        comparison=comparison,
        reason=reason,
        removal_labels=labels,
    )


def _alternate_evidence(context: GenerationContext) -> list[str]:
    """Results well below average in cognition or adaptive skills, in words."""
    found: list[str] = []
    for assessment in context.assessments:
        reading = read_assessment(assessment)
        if reading.status == "need" and reading.severity == "well_below":
            found.append(reading.reason)
    return found


def decide_participation(
    context: GenerationContext,
    accommodations: list[AccommodationPlan],
    questions: list[SectionQuestion],
) -> ParticipationDecision:
    name = context.student.first_name
    if is_preschool(context.student.grade_level):
        return ParticipationDecision(
            mode="not_applicable",
            not_applicable_reason=(
                f"Preschool children take no state academic tests. {name}'s progress is "
                f"reported on the three early childhood outcomes: {EARLY_CHILDHOOD_OUTCOMES}."
            ),
            reason=f"{name} is in preschool.",
        )
    testing = [a.description for a in accommodations if a.setting in ("testing", "both")]
    if context.student.alternate_assessment:
        evidence = _alternate_evidence(context)
        device = ""
        communication = context.student.communication
        if communication is not None and communication.aac_device:
            device = f", including {communication.aac_device}"
        cognitive = [a for a in context.assessments if _COGNITIVE.search(a.name)]
        if not cognitive:
            questions.append(
                SectionQuestion(
                    section_type="accommodations",
                    topic="Alternate assessment criteria",
                    question=f"Which of the state's criteria for the alternate assessment does "
                    f"{name} meet, and which cognitive assessment shows it? The record holds "
                    "adaptive results only.",
                    reason="Students taking the alternate assessment must have the most "
                    "significant cognitive disabilities under the state's definition "
                    "(34 CFR §300.160(c)); the IEP states why (§300.320(a)(6)(ii)).",
                )
            )
        if evidence:
            # Adaptive results alone do not establish a most significant cognitive
            # disability: without a cognitive assessment the draft says what the data show
            # and leaves the criteria to the team (the question above).
            shown = (
                "and the data show the most significant cognitive disability the state's "
                "criteria for the alternate assessment require:"
                if cognitive
                else "and the adaptive data are well below average (the team confirms at the "
                "meeting, with cognitive data, that the state's criteria for the alternate "
                "assessment are met):"
            )
            why_regular = (
                f"{name} is taught to the alternate achievement standards across the school "
                f"day, {shown} {' '.join(evidence)} Even with accommodations, the regular test "
                f"measures grade-level standards that {name} is not taught."
            )
        else:
            why_regular = ""
            questions.append(
                SectionQuestion(
                    section_type="accommodations",
                    topic="Alternate assessment",
                    question=f"Which data show that {name} meets the state's criteria for the "
                    "alternate assessment (a most significant cognitive disability, taught to "
                    "alternate achievement standards)? Enter the cognitive and adaptive results.",
                    reason="The reason must rest on the student's data, never on the category.",
                )
            )
        return ParticipationDecision(
            mode="alternate",
            accommodations=testing,
            why_regular_not_appropriate=why_regular,
            why_alternate_appropriate=(
                f"The alternate assessment measures the alternate achievement standards {name} "
                f"is taught all year, and lets {name} use the supports used every day{device}, "
                f"so it shows what {name} has learned."
            ),
            reason=f"{name}'s record says {name} takes the alternate assessment.",
        )
    return ParticipationDecision(
        mode="regular_with_accommodations" if testing else "regular",
        accommodations=testing,
        reason=(
            f"{name} takes the regular state and district tests"
            + (" with the accommodations used in class." if testing else ".")
        ),
    )
