"""A section edit in progress is autosaved per person and section, restorable until saved."""

from __future__ import annotations

import html

import httpx
import pytest

from iepgen.config import Settings
from iepgen.db import Database
from iepgen.models import SectionEditDraft
from tests.factories import (
    add_iep,
    add_iep_student,
    audit_actions,
    count_rows,
    example_iep_content,
    make_user,
)
from tests.integration.web.test_pages import PASSWORD, sign_in

# The draft's upsert and delete run on both databases.
pytestmark = pytest.mark.both_databases

TYPED = "Reading skills slipped over the last two breaks; the team is still deciding."


async def test_an_autosaved_edit_is_offered_restored_and_gone_once_saved(
    client: httpx.AsyncClient, database: Database, settings: Settings
) -> None:
    teacher = await make_user(database, "teacher", password=PASSWORD)
    student_id, assessment_id = await add_iep_student(database, teacher.id)
    iep_id = await add_iep(database, settings, student_id, example_iep_content(assessment_id))
    token = await sign_in(client, teacher)
    edit_url = f"/ieps/{iep_id}/sections/esy/edit"

    fresh = await client.get(edit_url)
    assert 'data-autosave="/ieps/' in fresh.text and "draft-offer" not in fresh.text

    saved = await client.post(
        f"/ieps/{iep_id}/sections/esy/autosave",
        data={"csrf_token": token, "base_version": "1", "needed": "true", "rationale": TYPED},
    )
    assert saved.status_code == 200
    assert saved.json()["shown"]
    assert await count_rows(database, SectionEditDraft, iep_id=iep_id) == 1

    offered = html.unescape((await client.get(edit_url)).text)
    assert "You have changes here that were not saved" in offered
    assert "autosaved on" in offered
    assert TYPED not in offered  # the form shows the section as it is until restored

    restored = html.unescape((await client.get(edit_url + "?restore=true")).text)
    assert "Restored what was autosaved on" in restored
    assert TYPED in restored
    assert "data-starts-changed" in restored

    done = await client.post(
        edit_url,
        data={
            "csrf_token": token,
            "base_version": "1",
            "needed": "true",
            "rationale": TYPED,
            "services": "Reading group twice a week in July.",
        },
    )
    assert done.status_code == 303, done.text
    assert await count_rows(database, SectionEditDraft, iep_id=iep_id) == 0
    assert "draft-offer" not in (await client.get(edit_url)).text
    actions = await audit_actions(database, student_id)
    assert "iep.section_draft_save" in actions and "iep.section_draft_restore" in actions


async def test_a_draft_can_be_discarded_and_is_private_to_its_author(
    client: httpx.AsyncClient, database: Database, settings: Settings
) -> None:
    owner = await make_user(database, "teacher", password=PASSWORD)
    other = await make_user(database, "teacher", password=PASSWORD)
    student_id, assessment_id = await add_iep_student(database, owner.id)
    iep_id = await add_iep(database, settings, student_id, example_iep_content(assessment_id))

    other_token = await sign_in(client, other)
    foreign = await client.post(
        f"/ieps/{iep_id}/sections/esy/autosave",
        data={"csrf_token": other_token, "rationale": TYPED},
    )
    assert foreign.status_code == 404
    assert await count_rows(database, SectionEditDraft, iep_id=iep_id) == 0
    await client.post("/signout", data={"csrf_token": other_token})

    token = await sign_in(client, owner)
    await client.post(
        f"/ieps/{iep_id}/sections/esy/autosave",
        data={"csrf_token": token, "base_version": "1", "rationale": TYPED},
    )
    discarded = await client.post(
        f"/ieps/{iep_id}/sections/esy/discard-draft", data={"csrf_token": token}
    )
    assert discarded.status_code == 303
    assert await count_rows(database, SectionEditDraft, iep_id=iep_id) == 0
    unknown = await client.post(
        f"/ieps/{iep_id}/sections/no_such_section/autosave", data={"csrf_token": token}
    )
    assert unknown.status_code == 404
