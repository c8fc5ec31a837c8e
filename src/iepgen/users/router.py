"""`/api/v1/users`: admins create accounts; anyone can ask who they are."""

from __future__ import annotations

from fastapi import APIRouter, status

from iepgen.api.deps import AdminActor, CurrentActor, ReadSessionDep, SessionDep
from iepgen.api.schemas import FORBIDDEN, UNAUTHORIZED, ErrorBody
from iepgen.audit.service import record
from iepgen.errors import NotFound
from iepgen.users import service
from iepgen.users.schemas import UserCreate, UserCreated, UserOut

router = APIRouter(prefix="/api/v1/users", tags=["users"])


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=UserCreated,
    responses={
        **UNAUTHORIZED,
        **FORBIDDEN,
        409: {"model": ErrorBody, "description": "A user with that username already exists."},
    },
)
async def create_user(body: UserCreate, session: SessionDep, admin: AdminActor) -> UserCreated:
    """Create a teacher or admin account; the token in the answer is shown only this once."""
    user, token = await service.create_user(
        session,
        username=body.username,
        role=body.role,
        password=body.password,
        display_name=body.display_name,
    )
    await record(session, admin, "user.create", entity_type="user", entity_id=user.id)
    return UserCreated.model_validate({**UserOut.model_validate(user).model_dump(), "token": token})


@router.get("/me", response_model=UserOut, responses=UNAUTHORIZED)
async def who_am_i(session: ReadSessionDep, actor: CurrentActor) -> UserOut:
    user = await service.get_user(session, actor.id)
    if user is None:
        raise NotFound("User not found.")
    return UserOut.model_validate(user)
