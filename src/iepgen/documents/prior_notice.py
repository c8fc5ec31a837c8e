"""Prior written notice (34 CFR §300.503(b)) drafted from the IEP and its decisions.

The seven parts the regulation lists, in its order of substance: what the school proposes,
why, the other options considered and why they were not chosen, each assessment and
record the decisions cite, other relevant factors, and the parents' procedural
safeguards with where to get help. Reasons come from the decisions stage (each decision
carries its reason and evidence); the options list is rule-based, so the notice says the
team must check and complete it.
"""

from __future__ import annotations

from collections.abc import Sequence

from iepgen.generation.decisions import Decisions
from iepgen.sections import Accommodations, AnnualGoals, LeastRestrictiveEnvironment, Services
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
    LSignatures,
    Msg,
    Part,
    Plain,
)

from .context import DocumentContext, drafted_with_part

RECORD_PARTS = {
    "communication",
    "vision",
    "behavior",
    "english_learner",
    "english_learning",
    "transfer",
    "extended_school_year",
    "postsecondary_aspirations",
    "health_plan",
}


def _areas(areas: Sequence[str]) -> Part:
    return Joined(tuple(Msg(f"area.{area}") for area in areas), ", ")


def _proposed(ctx: DocumentContext, decisions: Decisions | None) -> LSection:
    parsed = ctx.sections()
    dates = ctx.iep.dates
    items: list[Part] = []
    goals = parsed.get("annual_goals")
    if isinstance(goals, AnnualGoals):
        areas = list(dict.fromkeys(goal.area for goal in goals.goals))
        items.append(
            Msg("pwn.proposed.goals", areas=_areas(areas))
            if areas
            else Msg("pwn.proposed.no_goals")
        )
    services = parsed.get("services")
    if isinstance(services, Services):
        items.extend(
            Msg(
                "pwn.proposed.service",
                kind=Msg(f"service.{s.category}"),
                who=Known(s.provider_role),
                often=Known(s.frequency),
                minutes=s.duration_minutes,
                where=Known(s.location),
            )
            for s in services.services
        )
    accommodations = parsed.get("accommodations")
    if isinstance(accommodations, Accommodations) and accommodations.classroom:
        count = len(accommodations.classroom)
        items.append(
            Msg("pwn.proposed.accommodation")
            if count == 1
            else Msg("pwn.proposed.accommodations", count=count)
        )
    lre = parsed.get("lre")
    if isinstance(lre, LeastRestrictiveEnvironment):
        items.append(
            Msg(
                "pwn.proposed.placement",
                percent=lre.percent_in_general_education,
                placement=Known(lre.placement),
            )
        )
    if accommodations is not None and isinstance(accommodations, Accommodations):
        mode = accommodations.assessment_participation.mode
        items.append(Msg(f"family.tests.{mode}", name=ctx.name))
    transition = parsed.get("transition")
    if isinstance(transition, Transition) and transition.applies:
        items.append(Msg("pwn.proposed.transition"))
    if decisions is not None and decisions.esy.needed is True:
        items.append(Msg("pwn.proposed.esy"))
    lead: Part = (
        Msg("pwn.proposed.iep", name=ctx.name, start=dates.start_date, end=dates.end_date)
        if dates.start_date and dates.end_date
        else Msg("pwn.proposed.iep", name=ctx.name, start=Plain("—"), end=Plain("—"))
    )
    return LSection(
        "proposed", Msg("pwn.proposed.title"), (LParagraph(lead), LBullets(tuple(items)))
    )


def _why(ctx: DocumentContext, decisions: Decisions | None) -> LSection:
    items: list[Part] = []
    if decisions is not None:
        for area in decisions.areas:
            if area.status == "need":
                items.append(
                    Msg(
                        "pwn.why.need",
                        area=Msg(f"area.{area.area}"),
                        name=ctx.name,
                        details=Free(area.reason),
                    )
                )
        for factor in decisions.factors:
            if factor.applies:
                items.append(
                    Msg(
                        "pwn.why.factor",
                        factor=Msg(f"factor.{factor.factor}"),
                        name=ctx.name,
                        details=Free(factor.reason),
                    )
                )
        placement = decisions.placement
        items.append(
            Msg(
                "pwn.why.placement",
                name=ctx.name,
                minutes=placement.minutes_outside,
                week=placement.school_week_minutes,
            )
        )
    else:
        lre = ctx.sections().get("lre")
        if isinstance(lre, LeastRestrictiveEnvironment):
            items.append(Free(lre.removal_extent_and_reason))
    return LSection("why", Msg("pwn.why.title"), (LBullets(tuple(items)),))


def _options(ctx: DocumentContext, decisions: Decisions | None) -> LSection:
    items: list[Part] = []
    blocks: list[LBlock] = [LParagraph(Msg("pwn.options.check"))]
    if decisions is not None:
        needs = decisions.need_areas()
        if needs:
            items.append(Msg("pwn.options.no_services", areas=_areas(needs)))
        placement = decisions.placement
        if placement.minutes_outside > 0:
            items.append(Msg("pwn.options.more_general", name=ctx.name))
        if placement.percent_in_general_education >= 40:
            items.append(Msg("pwn.options.separate", name=ctx.name))
        for area in decisions.areas:
            if area.status == "not_a_need":
                items.append(
                    Msg(
                        "pwn.options.not_a_need",
                        area=Msg(f"area.{area.area}"),
                        details=Free(area.reason),
                    )
                )
        esy = decisions.esy
        if esy.needed is False:
            items.append(Msg("pwn.options.esy_not_needed", name=ctx.name))
        elif esy.needed is None and esy.decide_by is not None:
            items.append(Msg("pwn.options.esy_later", day=esy.decide_by))
    if items:
        blocks.append(LBullets(tuple(items)))
    return LSection("options", Msg("pwn.options.title"), tuple(blocks))


def _data(ctx: DocumentContext, decisions: Decisions | None) -> LSection:
    cited: list[str] = []
    if decisions is not None:
        for area in decisions.areas:
            cited.extend(area.evidence)
        for factor in decisions.factors:
            cited.extend(factor.evidence)
        for goal in decisions.goals:
            cited.extend(goal.evidence)
        cited.extend(decisions.esy.evidence)
    goals = ctx.sections().get("annual_goals")
    if isinstance(goals, AnnualGoals):
        for written in goals.goals:
            cited.extend(written.evidence)
    items: list[Part] = []
    for source in dict.fromkeys(cited):
        assessment = ctx.assessments.get(source)
        if assessment is not None:
            items.append(
                Msg(
                    "pwn.data.assessment",
                    name=Plain(assessment.name),
                    day=assessment.administered_on,
                )
            )
        elif source in ctx.previous_iep_ids:
            items.append(Msg("pwn.data.previous_iep", name=ctx.name))
        elif source.startswith("student."):
            part = source.removeprefix("student.")
            label: Part = (
                Msg(f"record.{part}")
                if part in RECORD_PARTS
                else Msg("record.other", field=Plain(part))
            )
            items.append(Msg("pwn.data.record", name=ctx.name, part=label))
    unique = list(dict.fromkeys(items))
    blocks: tuple[LBlock, ...] = (
        (LBullets(tuple(unique)),) if unique else (LParagraph(Msg("pwn.data.none")),)
    )
    return LSection("data", Msg("pwn.data.title"), blocks)


def _factors(ctx: DocumentContext) -> LSection:
    items: list[Part] = []
    if ctx.student.parent_concerns:
        items.append(Msg("pwn.factors.concerns", text=Free(ctx.student.parent_concerns)))
    if ctx.language is not None:
        items.append(Msg("pwn.factors.language", language=Known(ctx.language)))
    open_questions = len(ctx.iep.questions_for_team)
    if open_questions:
        items.append(Msg("pwn.factors.questions", count=open_questions))
    blocks: tuple[LBlock, ...] = (
        (LBullets(tuple(items)),) if items else (LParagraph(Msg("pwn.factors.none")),)
    )
    return LSection("factors", Msg("pwn.factors.title"), blocks)


def _rights(ctx: DocumentContext) -> LSection:
    return LSection(
        "rights",
        Msg("pwn.rights.title"),
        (
            LBullets(
                (
                    Msg("pwn.rights.safeguards", contact=ctx.contact()),
                    Msg("pwn.rights.help"),
                    Msg("pwn.rights.disagree"),
                )
            ),
        ),
    )


def build_prior_notice(ctx: DocumentContext) -> LocalDocument:
    iep = ctx.iep
    decisions = ctx.decisions()
    dates = iep.dates
    is_final = iep.status == "final"
    facts: list[tuple[Part, Part]] = [
        (Msg("fact.student"), ctx.full_name),
        (Msg("fact.notice_date"), ctx.today),
    ]
    if ctx.student.school:
        facts.append((Msg("fact.school"), Plain(ctx.student.school)))
    parents = ctx.parents()
    if parents is not None:
        facts.append((Msg("fact.parents"), parents))
    facts.append((Msg("fact.contact"), ctx.contact()))
    notice: Part = (
        Msg(
            "pwn.notice.final",
            who=Plain(iep.finalized_by_name or ""),
            day=ctx.finalized_on(iep.finalized_at),
        )
        if is_final and iep.finalized_at is not None
        else Msg("pwn.notice.draft", drafted_with=drafted_with_part(iep.generated_with))
    )
    meeting_day: Part = dates.meeting_date if dates.meeting_date else Plain("—")
    intro = LSection(
        "intro", Plain(""), (LParagraph(Msg("pwn.intro", name=ctx.name, day=meeting_day)),)
    )
    sections = (
        intro,
        _proposed(ctx, decisions),
        _why(ctx, decisions),
        _options(ctx, decisions),
        _data(ctx, decisions),
        _factors(ctx),
        _rights(ctx),
    )
    subtitle: Part = (
        Msg("pwn.subtitle", name=ctx.name, start=dates.start_date, end=dates.end_date)
        if dates.start_date and dates.end_date
        else Msg("invite.subtitle", name=ctx.name)
    )
    return LocalDocument(
        kind="prior-written-notice",
        title=Msg("pwn.title"),
        subtitle=subtitle,
        facts=tuple(facts),
        status="final" if is_final else "draft",
        notice=notice,
        running_header=Msg("pwn.header.final" if is_final else "pwn.header.draft"),
        footer_label=Msg("pwn.footer", year=Plain(iep.academic_year), version=iep.version),
        sections=sections,
        closing=(LSignatures(((Msg("pwn.signed"), Plain(ctx.case_manager_name)),)),),
    )
