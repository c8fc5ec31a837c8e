"""What changed between two versions of an IEP, as lines a teacher can read."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class DiffLine:
    change: Literal["added", "removed"]
    text: str


@dataclass(frozen=True)
class SectionDiff:
    section_type: str
    title: str
    lines: tuple[DiffLine, ...]


def text_diff(before: str, after: str) -> tuple[DiffLine, ...]:
    """Lines removed and added, in reading order (unchanged lines are left out)."""
    lines: list[DiffLine] = []
    old, new = before.splitlines(), after.splitlines()
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, a_start, a_end, b_start, b_end in matcher.get_opcodes():
        if tag == "equal":
            continue
        lines.extend(DiffLine("removed", line) for line in old[a_start:a_end])
        lines.extend(DiffLine("added", line) for line in new[b_start:b_end])
    return tuple(lines)


def section_diffs(
    changed: list[str],
    before: dict[str, str],
    after: dict[str, str],
    titles: dict[str, str],
) -> list[SectionDiff]:
    """One diff per changed section (text by section type, before and after)."""
    return [
        SectionDiff(
            section_type=kind,
            title=titles.get(kind, kind),
            lines=text_diff(before.get(kind, ""), after.get(kind, "")),
        )
        for kind in changed
    ]
