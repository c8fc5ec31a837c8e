"""Re-checking a whole IEP after a person's change, against the student's current records.

Every change (an edit, an accepted proposal, finalizing) is checked again with the IEP's
own meeting date and the notes its sections carry, so the stored findings always
describe the version they sit on.

The IEP records layer (`ieps.editing`) is handed this function by its callers (the API
and web routes) instead of importing the checker, which lives above it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from iepgen.config import Settings
from iepgen.generation.compliance import check_iep
from iepgen.generation.inputs import build_context
from iepgen.models import IEP
from iepgen.sections import SectionContent
from iepgen.templates.service import get_template


async def review_compliance(
    session: AsyncSession, settings: Settings, iep: IEP, contents: Mapping[str, SectionContent]
) -> dict[str, Any]:
    """The compliance report of `contents` as the IEP's next version, as stored."""
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
    return check_iep(dict(contents), context).as_dict()
