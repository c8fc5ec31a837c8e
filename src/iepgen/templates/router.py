"""`/api/v1/templates`: the built-in `idea-standard` and district templates (admins add them)."""

from __future__ import annotations

from fastapi import APIRouter, Response, status

from iepgen.api.deps import AdminActor, CurrentActor, PageDep, ReadSessionDep, SessionDep
from iepgen.api.schemas import BAD_BODY, FORBIDDEN, NOT_FOUND, UNAUTHORIZED
from iepgen.templates import service
from iepgen.templates.schemas import TemplateCreate, TemplateOut, TemplatePage

router = APIRouter(prefix="/api/v1/templates", tags=["templates"], responses=UNAUTHORIZED)


@router.get("", response_model=TemplatePage)
async def list_templates(
    session: ReadSessionDep, actor: CurrentActor, page: PageDep
) -> TemplatePage:
    """Every template, built-in ones first."""
    templates, total = await service.list_templates_page(
        session, limit=page.limit, offset=page.offset
    )
    return TemplatePage(
        items=[TemplateOut.of(t) for t in templates],
        total=total,
        limit=page.limit,
        offset=page.offset,
    )


@router.get("/{template_id}", response_model=TemplateOut, responses=NOT_FOUND)
async def get_template(
    template_id: str, session: ReadSessionDep, actor: CurrentActor
) -> TemplateOut:
    return TemplateOut.of(await service.get_template(session, template_id))


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=TemplateOut,
    responses={**FORBIDDEN, **BAD_BODY},
)
async def create_template(
    body: TemplateCreate, session: SessionDep, admin: AdminActor, response: Response
) -> TemplateOut:
    """Add a district template (admin). It must hold every section IDEA requires (docs/iep.md)."""
    template = await service.create_template(session, admin, body)
    response.headers["Location"] = f"/api/v1/templates/{template.id}"
    return TemplateOut.of(template)
