"""Re-checking a whole IEP after a teacher's edit, against the student's current records.

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
    )
    return check_iep(dict(contents), context).as_dict()
