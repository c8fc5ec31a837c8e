"""Answers a fake provider gives for whole IEPs: what the offline drafter writes, pseudonymised.

A real model would see placeholders, not names, so the book stores the offline drafter's
sections with every identifying string replaced, exactly as the privacy layer would. The
fake finds the student by an assessment id in the prompt (ids are sent, names never) and
the section by the prompt's "Section to write" heading.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from typing import Any

from iepgen.config import Settings
from iepgen.db import Database
from iepgen.generation.inputs import build_context
from iepgen.generation.pipeline import generate_sections
from iepgen.generation.privacy import Pseudonymizer
from iepgen.llm.offline import OfflineProvider
from iepgen.models import Template
from tests.fakes.scripted_server import Reply

SECTION_IN_PROMPT = re.compile(r"# Section to write: .*?\(`([a-z_]+)`\)")
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


async def offline_answers(
    database: Database,
    settings: Settings,
    student_id: str,
    *,
    academic_year: str = "2025-2026",
    template_id: str = "idea-standard",
    case_manager_context: str | None = None,
) -> tuple[dict[str, dict[str, Any]], list[str]]:
    """(section type -> pseudonymised content, the assessment ids the prompts will carry)."""
    async with database.read() as session:
        template = await session.get(Template, template_id)
        assert template is not None
        context = await build_context(
            session,
            settings=settings,
            student_id=student_id,
            academic_year=academic_year,
            template=template,
            case_manager_context=case_manager_context,
        )
    section_types = [section["section_type"] for section in template.sections]
    outcome = await generate_sections(OfflineProvider(), context, section_types)
    redactor = Pseudonymizer.for_student(context.student)
    answers = {
        section_type: redactor.redact_value(drafted.content.model_dump(mode="json"))
        for section_type, drafted in outcome.sections.items()
    }
    return answers, [assessment.id for assessment in context.assessments]


class AnswerBook:
    """Thread-safe lookup the fake server's responder uses: (student, section) -> answer."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._by_assessment: dict[str, dict[str, dict[str, Any]]] = {}

    def add(self, answers: dict[str, dict[str, Any]], assessment_ids: list[str]) -> None:
        if not assessment_ids:
            raise ValueError("the answer book finds students by an assessment id")
        with self._lock:
            for assessment_id in assessment_ids:
                self._by_assessment[assessment_id] = answers

    def answer(self, prompt: str) -> dict[str, Any] | None:
        section = SECTION_IN_PROMPT.search(prompt)
        if section is None:
            return None
        with self._lock:
            for candidate in UUID.findall(prompt):
                answers = self._by_assessment.get(candidate)
                if answers is not None:
                    return answers.get(section.group(1))
        return None

    def responder(
        self,
        prompt_text: Callable[[Any], str],
        success: Callable[[dict[str, Any]], Reply],
        *,
        delay_seconds: float = 0.0,
    ) -> Callable[[Any], Reply]:
        """A fake server responder: the book's answer, or a 400 for an unknown request."""

        def respond(payload: Any) -> Reply:
            answer = self.answer(prompt_text(payload or {}))
            if answer is None:
                return Reply(status=400, body={"error": {"code": 400, "message": "unknown"}})
            reply = success(answer)
            return Reply(
                status=reply.status,
                body=reply.body,
                headers=reply.headers,
                delay_seconds=delay_seconds,
            )

        return respond
