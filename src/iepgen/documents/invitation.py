"""The meeting invitation (34 CFR §300.322(b)): purpose, date, time, place, who will attend.

For a student whose IEP must plan transition, it also says that a purpose is their
postsecondary goals and transition services, that the student is invited, and which
agencies will be invited — only those the parent consented to (§300.321(b)(3)); one
without consent is named with the request for it. It tells the parents they may bring
people who know the child (§300.321(a)(6)), how to change the time or join by phone or
video (§300.322(a)(2), (c)), and that an interpreter is free (§300.322(e)).
"""

from __future__ import annotations

from iepgen.errors import Conflict
from iepgen.sections.transfer_of_rights import TransferOfRights
from iepgen.sections.transition import Transition
from iepgen.translation.text import (
    Free,
    LBlock,
    LBullets,
    LocalDocument,
    LParagraph,
    LSection,
    LSignatures,
    LTable,
    Msg,
    Part,
    Plain,
)

from .context import DocumentContext

MISSING_MEETING = (
    "Record the meeting's time and place first (PUT /api/v1/ieps/{iep_id}/meeting): an "
    "invitation must say when and where the meeting is."
)


def build_invitation(ctx: DocumentContext) -> LocalDocument:
    iep, meeting = ctx.iep, ctx.meeting
    dates = iep.dates
    if meeting is None or meeting.start_time is None or not meeting.location:
        raise Conflict(MISSING_MEETING.format(iep_id=iep.id))
    if dates.meeting_date is None:
        raise Conflict("This IEP has no meeting date; draft it again with a meeting_date.")
    parsed = ctx.sections()
    transition = parsed.get("transition")
    plans_transition = isinstance(transition, Transition) and transition.applies
    rights = parsed.get("transfer_of_rights")
    time: Part = (
        Msg("range.times", start=meeting.start_time, end=meeting.end_time)
        if meeting.end_time
        else meeting.start_time
    )
    facts: list[tuple[Part, Part]] = [
        (Msg("fact.student"), ctx.full_name),
        (Msg("fact.date"), dates.meeting_date),
        (Msg("fact.time"), time),
        (Msg("fact.place"), Free(meeting.location)),
    ]
    if meeting.remote_access:
        facts.append((Msg("fact.remote"), Free(meeting.remote_access)))
    facts.append((Msg("fact.contact"), ctx.contact()))

    purposes: list[Part] = []
    if dates.start_date and dates.end_date:
        purposes.append(
            Msg("invite.purpose.iep", name=ctx.name, start=dates.start_date, end=dates.end_date)
        )
    if plans_transition:
        purposes.append(Msg("invite.purpose.transition", name=ctx.name))
    if isinstance(rights, TransferOfRights) and rights.applies:
        purposes.append(Msg("invite.purpose.rights", name=ctx.name, age=ctx.age_of_majority))
    sections: list[LSection] = [
        LSection("purpose", Msg("invite.purpose.title"), (LBullets(tuple(purposes)),))
    ]

    attending = [p for p in ctx.participants if p.role != "agency_representative"]
    who: tuple[LBlock, ...] = (
        (
            LTable(
                caption=Plain(""),
                columns=(Msg("invite.who.role"), Msg("invite.who.name")),
                rows=tuple(
                    (
                        Msg(f"role.{p.role}")
                        if not p.title
                        else Msg(
                            "family.goal.statement", area=Msg(f"role.{p.role}"), text=Free(p.title)
                        ),
                        Plain(p.name),
                    )
                    for p in attending
                ),
                widths=(3, 2),
            ),
        )
        if attending
        else (LParagraph(Msg("invite.who.none")),)
    )
    sections.append(LSection("who", Msg("invite.who.title"), who))

    if plans_transition:
        invited = ctx.student.invited_to_meeting_on
        student_blocks: list[LBlock] = [LParagraph(Msg("invite.student.text", name=ctx.name))]
        if invited:
            student_blocks.append(
                LParagraph(Msg("invite.student.invited_on", name=ctx.name, day=invited))
            )
        sections.append(
            LSection("student", Msg("invite.student.title", name=ctx.name), tuple(student_blocks))
        )
        agencies = [p for p in ctx.participants if p.role == "agency_representative"]
        if agencies:
            sections.append(
                LSection(
                    "agencies",
                    Msg("invite.agencies.title"),
                    (
                        LBullets(
                            tuple(
                                Msg(
                                    "invite.agency.consented",
                                    day=p.consent_on,
                                    agency=Free(p.title or p.name),
                                )
                                if p.consent_on
                                else Msg(
                                    "invite.agency.needs_consent", agency=Free(p.title or p.name)
                                )
                                for p in agencies
                            )
                        ),
                    ),
                )
            )
    sections.append(
        LSection(
            "others",
            Msg("invite.others.title"),
            (LParagraph(Msg("invite.others.text", name=ctx.name)),),
        )
    )
    sections.append(
        LSection(
            "change",
            Msg("invite.change.title"),
            (
                LParagraph(Msg("invite.change.text", contact=ctx.contact())),
                LParagraph(Msg("invite.change.interpreter")),
            ),
        )
    )
    return LocalDocument(
        kind="meeting-invitation",
        title=Msg("invite.title"),
        subtitle=Msg("invite.subtitle", name=ctx.name),
        facts=tuple(facts),
        status="final",
        notice=Msg("invite.notice", name=ctx.name),
        running_header=Msg("invite.header"),
        footer_label=Msg("invite.footer", year=Plain(iep.academic_year)),
        sections=tuple(sections),
        closing=(
            LParagraph(Msg("invite.reply.title"), emphasis=True),
            LBullets(
                (
                    Msg("invite.reply.attend"),
                    Msg("invite.reply.remote"),
                    Msg("invite.reply.other_time"),
                    Msg("invite.reply.interpreter"),
                )
            ),
            LSignatures(((Msg("sign.parent"), Plain("")),)),
        ),
    )
