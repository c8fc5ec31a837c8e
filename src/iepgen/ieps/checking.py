"""The compliance check of an IEP's sections against the student's records as they are now.

Every change a person makes (an edit, an accepted proposal, finalizing) is checked again
here, with the IEP's own meeting date and the notes its sections carry, so the stored
findings always describe the version they sit on.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from iepgen.config import Settings
from iepgen.generation.compliance import ComplianceReport, check_iep
from iepgen.generation.inputs import build_context
from iepgen.models import IEP
from iepgen.sections import SectionContent
from iepgen.templates.service import get_template


async def recheck(
    session: AsyncSession, settings: Settings, iep: IEP, contents: dict[str, SectionContent]
) -> ComplianceReport:
    """The checker's report on `contents` against the student's records as they are now."""
    template = await get_template(session, iep.template_id)
    context = await build_context(
        session,
        settings=settings,
        student_id=iep.student_id,
        academic_year=iep.academic_year,
        template=template,
        exclude_iep_id=iep.id,
        meeting_date=iep.meeting_date,
        section_notes={k: v.team_notes for k, v in contents.items() if v.team_notes},
    )
    return check_iep(contents, context)
