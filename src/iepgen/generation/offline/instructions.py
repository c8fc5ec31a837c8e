"""Which of the case manager's drafting instructions the offline drafter can follow.

Instructions steer a draft; they are never copied into the IEP. A deterministic drafter
can honour only what it recognises reliably (a progress-report schedule); it says so for
every other instruction, so the case manager knows to apply it when reviewing.
"""

from __future__ import annotations

import re
from typing import Final

from iepgen.generation.decisions.model import DraftingNote

from .goals import reporting_schedule

CANNOT_FOLLOW: Final = (
    "The built-in drafter cannot follow free-text instructions: apply this when you review "
    "the draft, or draft with an AI provider."
)
_SPLIT: Final = re.compile(r"(?<=[.!?;])\s+|\n+")


def split_instructions(text: str | None) -> list[str]:
    return [part.strip() for part in _SPLIT.split(text or "") if part.strip()]


def offline_drafting_notes(instructions: str | None) -> list[DraftingNote]:
    """One note per instruction: applied (and how) or not (and why)."""
    notes: list[DraftingNote] = []
    for instruction in split_instructions(instructions):
        schedule = reporting_schedule(instruction)
        if schedule is not None:
            notes.append(
                DraftingNote(
                    instruction=instruction,
                    applied=True,
                    how=f"Progress reports: {schedule.lower()}.",
                )
            )
        else:
            notes.append(DraftingNote(instruction=instruction, applied=False, how=CANNOT_FOLLOW))
    return notes
