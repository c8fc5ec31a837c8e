"""What stands between a draft IEP and finalizing it, as links to the sections to fix.

The same list the finalize check refuses on (an `error` finding, a section nobody has
marked reviewed), read from the IEP as it was last checked, so the page can show it
before anyone presses the button and disable the button while it is not empty.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from iepgen.ieps.schemas import IEPOut


@dataclass(frozen=True)
class Blocker:
    """One thing to do before finalizing: where (an anchor on the IEP page) and what."""

    anchor: str
    place: str
    what: str


# Fixed messages named in the redirect's `?problem=` (never free text in URLs).
PROBLEMS: Final = {
    "finalize-blocked": (
        "The IEP was not finalized. Do what is listed under “Before you can finalize”, "
        "then finalize again."
    ),
    "changed": (
        "This IEP changed after your page was loaded, so nothing was done. Look over the "
        "current version below, then try again."
    ),
    "already-final": "This IEP is already final.",
}


def problem_for(key: str | None) -> str | None:
    return PROBLEMS.get(key) if key else None


def finalize_blockers(iep: IEPOut) -> list[Blocker]:
    """Each must-fix finding, then each section not yet reviewed, in the IEP's order."""
    titles = {s.section_type: s.title for s in iep.sections}
    order = {s.section_type: index for index, s in enumerate(iep.sections)}
    errors = sorted(
        (f for f in iep.compliance.findings if f.severity == "error"),
        key=lambda f: order.get(f.section_type, len(order)),
    )
    blockers = [
        Blocker(
            anchor=f"section-{f.section_type}" if f.section_type in titles else "compliance-title",
            place=titles.get(f.section_type, "The whole IEP"),
            what=f.message,
        )
        for f in errors
    ]
    blockers += [
        Blocker(
            anchor=f"section-{s.section_type}",
            place=s.title,
            what="Read it, then mark it reviewed.",
        )
        for s in iep.sections
        if not s.reviewed_by
    ]
    return blockers
