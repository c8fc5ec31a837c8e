"""The plain-language summary of an IEP for the family, in the family's language.

Built from short structured fields (each goal's measure, who gives a service and how
often, dates), not the legal prose, so most of it is reviewed template text that
translates offline; what the record or a teacher wrote (strengths, concerns, an edited
goal) is free text. The English summary is held to grade 8 (Flesch-Kincaid) and the
Spanish one to "normal" or easier on the Fernández-Huerta scale (translation/readability.py).
"""

from __future__ import annotations

from datetime import date

from iepgen.generation.decisions.catalogue import CATALOGUE
from iepgen.sections import (
    Accommodations,
    AnnualGoals,
    ExtendedSchoolYear,
    LeastRestrictiveEnvironment,
    ProgressReporting,
    SectionContent,
    Services,
)
from iepgen.sections.base import friendly_date
from iepgen.sections.dates import IEPDates
from iepgen.sections.goals import AnnualGoal, GoalMeasure
from iepgen.sections.transfer_of_rights import TransferOfRights
from iepgen.sections.transition import Transition
from iepgen.translation.text import (
    Free,
    Joined,
    Known,
    LBlock,
    LBullets,
    LocalDocument,
    LParagraph,
    LSection,
    Msg,
    Part,
    Plain,
)

from .context import DocumentContext, drafted_with_part, grade_part

SKILLS = {measure.unit: measure.skill for measure in CATALOGUE}


def amount(value: float, measure: GoalMeasure) -> Part:
    number = Plain(f"{value:g}")
    unit = Known(measure.unit)
    if measure.maximum is not None:
        return Msg("amount.part", value=number, maximum=Plain(f"{measure.maximum:g}"), unit=unit)
    if measure.unit.startswith("%"):
        return Msg("amount.share", value=number, unit=unit)
    return Msg("amount.count", value=number, unit=unit)


def goal_line(goal: AnnualGoal) -> Part:
    """One goal in plain words: area and skill, where the student is now, the target."""
    area = Msg(f"area.{goal.area}")
    measure = goal.measure
    skill = SKILLS.get(measure.unit) if measure is not None else None
    if measure is None or skill is None:
        return Msg("family.goal.statement", area=area, text=Free(goal.statement))
    parts: list[Part] = [Msg("family.goal.skill", area=area, skill=Known(skill))]
    if measure.baseline_value is not None and goal.baseline_established:
        parts.append(Msg("family.goal.now", amount=amount(measure.baseline_value, measure)))
    elif goal.baseline_due_date is not None:
        parts.append(Msg("family.goal.now_unmeasured", day=goal.baseline_due_date))
    else:
        parts.append(Msg("family.goal.now_text", text=Free(goal.baseline)))
    if measure.target_value is not None:
        key = (
            "family.goal.target_at_most"
            if measure.direction == "decrease"
            else "family.goal.target"
        )
        parts.append(Msg(key, day=goal.timeframe, amount=amount(measure.target_value, measure)))
    else:
        parts.append(Msg("family.goal.target_text", day=goal.timeframe, text=Free(goal.target)))
    return Joined(tuple(parts))


def _about(ctx: DocumentContext) -> LSection:
    student, name = ctx.student, ctx.name
    grade = grade_part(student.grade_level)
    blocks: list[LBlock] = [
        LParagraph(
            Msg("family.about.grade_school", name=name, grade=grade, school=Plain(student.school))
            if student.school
            else Msg("family.about.grade", name=name, grade=grade)
        )
    ]
    for key, text in (
        ("family.about.strengths", student.strengths),
        ("family.about.interests", student.interests),
        ("family.about.concerns", student.parent_concerns),
    ):
        if text:
            blocks.append(LParagraph(Msg(key, name=name, text=Free(text))))
    return LSection("about", Msg("family.about.title", name=name), tuple(blocks))


def _goals(ctx: DocumentContext, content: SectionContent) -> LSection:
    assert isinstance(content, AnnualGoals)
    blocks: list[LBlock] = []
    if content.goals:
        blocks.append(LParagraph(Msg("family.goals.intro", name=ctx.name)))
        blocks.append(LBullets(tuple(goal_line(goal) for goal in content.goals)))
    else:
        reason = Free(content.no_goals_reason) if content.no_goals_reason else Plain("")
        blocks.append(LParagraph(Msg("family.goals.none", text=reason)))
    return LSection("goals", Msg("family.goals.title"), tuple(blocks))


def _services(ctx: DocumentContext, content: SectionContent) -> LSection:
    assert isinstance(content, Services)
    if not content.services:
        blocks: tuple[LBlock, ...] = (LParagraph(Msg("family.services.none")),)
    else:
        blocks = (
            LParagraph(Msg("family.services.intro", name=ctx.name)),
            LBullets(
                tuple(
                    Msg(
                        "family.service.line",
                        kind=Msg(f"service.{s.category}"),
                        what=Known(s.description),
                        who=Known(s.provider_role),
                        often=Known(s.frequency),
                        minutes=s.duration_minutes,
                        where=Known(s.location),
                    )
                    for s in content.services
                )
            ),
        )
    return LSection("services", Msg("family.services.title"), blocks)


def _supports(ctx: DocumentContext, content: SectionContent) -> LSection:
    assert isinstance(content, Accommodations)
    blocks: list[LBlock] = []
    if content.classroom:
        blocks.append(LParagraph(Msg("family.supports.intro", name=ctx.name)))
        blocks.append(LBullets(tuple(Known(a.description) for a in content.classroom)))
    else:
        blocks.append(LParagraph(Msg("family.supports.none")))
    mode = content.assessment_participation.mode
    blocks.append(LParagraph(Msg(f"family.tests.{mode}", name=ctx.name)))
    return LSection("supports", Msg("family.supports.title"), tuple(blocks))


def _placement(ctx: DocumentContext, content: SectionContent) -> LSection:
    assert isinstance(content, LeastRestrictiveEnvironment)
    text = Msg(
        "family.placement.percent", name=ctx.name, percent=content.percent_in_general_education
    )
    return LSection("placement", Msg("family.placement.title", name=ctx.name), (LParagraph(text),))


def _summer(ctx: DocumentContext, content: SectionContent) -> LSection:
    assert isinstance(content, ExtendedSchoolYear)
    if content.needed is True:
        text: Part = Msg("family.esy.needed", name=ctx.name)
    elif content.needed is False:
        text = Msg("family.esy.not_needed", name=ctx.name)
    elif content.decide_by is not None:
        text = Msg("family.esy.later", name=ctx.name, day=content.decide_by)
    else:
        text = Free(content.rationale)
    return LSection("esy", Msg("family.esy.title"), (LParagraph(text),))


def _transition(ctx: DocumentContext, content: SectionContent) -> LSection | None:
    assert isinstance(content, Transition)
    if not content.applies:
        return None
    blocks: list[LBlock] = [LParagraph(Msg("family.transition.intro", name=ctx.name))]
    aims = content.postsecondary_goals
    goals = [
        Msg("family.transition.goal", domain=Msg(f"domain.{domain}"), text=Free(text))
        for domain, text in (aims.model_dump().items() if aims else ())
        if text
    ]
    if goals:
        blocks.append(LBullets(tuple(goals)))
    services = [
        Msg("family.transition.service", text=Free(s.description), who=Known(s.responsible))
        for s in content.transition_services
    ]
    if services:
        blocks.append(LBullets(tuple(services)))
    invited = content.student_invited_on or ctx.student.invited_to_meeting_on
    blocks.append(
        LParagraph(
            Msg("family.transition.invited_on", name=ctx.name, day=invited)
            if invited
            else Msg("family.transition.will_invite", name=ctx.name)
        )
    )
    return LSection("transition", Msg("family.transition.title"), tuple(blocks))


def _rights(ctx: DocumentContext, content: SectionContent) -> LSection | None:
    assert isinstance(content, TransferOfRights)
    if not content.applies:
        return None
    age = ctx.age_of_majority
    birth = ctx.student.date_of_birth
    majority = _birthday(birth, age)
    blocks: list[LBlock] = [
        LParagraph(Msg("family.rights.text", name=ctx.name, age=age, day=majority))
    ]
    if content.informed_on is not None:
        blocks.append(
            LParagraph(Msg("family.rights.informed", name=ctx.name, day=content.informed_on))
        )
    elif content.inform_by is not None:
        blocks.append(
            LParagraph(Msg("family.rights.inform_by", name=ctx.name, day=content.inform_by))
        )
    return LSection("rights", Msg("family.rights.title", age=age), tuple(blocks))


def _birthday(born: date, age: int) -> date:
    try:
        return born.replace(year=born.year + age)
    except ValueError:  # born on 29 February
        return date(born.year + age, 3, 1)


def _progress(ctx: DocumentContext, content: SectionContent) -> LSection:
    assert isinstance(content, ProgressReporting)
    blocks: list[LBlock] = [
        LParagraph(Msg("family.progress.schedule", schedule=Known(content.schedule.rstrip("."))))
    ]
    dates = _report_dates(ctx, content)
    if dates:
        blocks.append(LParagraph(Msg("family.progress.dates", dates=Joined(tuple(dates), ", "))))
    else:
        blocks.append(LParagraph(Free(content.reports_to_parents)))
    return LSection("progress", Msg("family.progress.title"), tuple(blocks))


def _report_dates(ctx: DocumentContext, content: ProgressReporting) -> list[Part]:
    """The report dates, when the section states the ones the IEP's dates give (the
    drafter's); a schedule a teacher rewrote is shown as they wrote it instead."""
    meeting = ctx.iep.dates.meeting_date
    if meeting is None:
        return []
    planned = IEPDates.from_meeting(meeting).progress_reports()
    if all(friendly_date(day) in content.reports_to_parents for day in planned):
        return list(planned)
    return []


def _questions(ctx: DocumentContext) -> LSection | None:
    topics = list(dict.fromkeys(q.topic for q in ctx.iep.questions_for_team))
    if not topics:
        return None
    return LSection(
        "questions",
        Msg("family.questions.title"),
        (
            LParagraph(Msg("family.questions.intro")),
            LBullets(tuple(Known(topic) for topic in topics)),
        ),
    )


def _steps(ctx: DocumentContext) -> LSection:
    items: tuple[Part, ...] = (
        Msg("family.steps.read"),
        Msg("family.steps.team"),
        Msg("family.steps.meeting"),
        Msg("family.steps.interpreter"),
        Msg("family.steps.copy"),
        Msg("family.steps.contact", contact=ctx.contact()),
    )
    return LSection("steps", Msg("family.steps.title"), (LBullets(items),))


def build_family_summary(ctx: DocumentContext) -> LocalDocument:
    iep, name = ctx.iep, ctx.name
    parsed = ctx.sections()
    sections: list[LSection | None] = [_about(ctx)]
    builders = (
        ("annual_goals", _goals),
        ("services", _services),
        ("accommodations", _supports),
        ("lre", _placement),
        ("esy", _summer),
        ("transition", _transition),
        ("transfer_of_rights", _rights),
        ("progress_reporting", _progress),
    )
    for section_type, build in builders:
        if section_type in parsed:
            sections.append(build(ctx, parsed[section_type]))
    sections.append(_questions(ctx))
    sections.append(_steps(ctx))
    is_final = iep.status == "final"
    facts: list[tuple[Part, Part]] = [
        (Msg("fact.student"), ctx.full_name),
        (Msg("fact.school_year"), Plain(iep.academic_year)),
    ]
    dates = iep.dates
    if dates.meeting_date:
        facts.append((Msg("fact.meeting"), dates.meeting_date))
    if dates.start_date and dates.end_date:
        facts.append(
            (Msg("fact.in_effect"), Msg("range.days", start=dates.start_date, end=dates.end_date))
        )
    parents = ctx.parents()
    if parents is not None:
        facts.append((Msg("fact.parents"), parents))
    facts.append((Msg("fact.contact"), ctx.contact()))
    facts.append((Msg("fact.this_copy"), Msg("copy.final" if is_final else "copy.draft")))
    return LocalDocument(
        kind="family-summary",
        title=Msg("family.title", name=name),
        subtitle=Msg("family.subtitle", year=Plain(iep.academic_year)),
        facts=tuple(facts),
        status="final" if is_final else "draft",
        notice=_notice(ctx),
        running_header=Msg("family.header.final" if is_final else "family.header.draft"),
        footer_label=Msg("family.footer", year=Plain(iep.academic_year), version=iep.version),
        sections=tuple(s for s in sections if s is not None),
    )


def _notice(ctx: DocumentContext) -> Part:
    iep = ctx.iep
    if iep.status == "final" and iep.finalized_at is not None:
        return Msg(
            "family.notice.final",
            who=Plain(iep.finalized_by_name or ""),
            day=ctx.finalized_on(iep.finalized_at),
        )
    return Msg("family.notice.draft", drafted_with=drafted_with_part(iep.generated_with))
