"""Which sections rest on which, and the waves that order follows (docs/llm.md).

A section is drafted once everything it rests on is done; sections that rest on nothing
left to draft run together. One IEP's wall time is then the longest chain
(present levels → goals → services), not the sum of its calls.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Final

SECTION_DEPENDENCIES: Final[dict[str, tuple[str, ...]]] = {
    "student_profile": (),
    "present_levels": (),
    "transfer_of_rights": (),
    "special_factors": ("present_levels",),
    "annual_goals": ("present_levels",),
    "esy": ("present_levels",),
    "progress_reporting": ("annual_goals",),
    "services": ("present_levels", "annual_goals"),
    "accommodations": ("present_levels", "annual_goals"),
    "lre": ("present_levels", "annual_goals"),
    "transition": ("present_levels", "annual_goals"),
}


def dependencies(section_type: str, planned: Collection[str]) -> tuple[str, ...]:
    """What `section_type` rests on among `planned` (a custom template may lack some)."""
    return tuple(d for d in SECTION_DEPENDENCIES.get(section_type, ()) if d in planned)


def waves(section_types: Sequence[str]) -> list[list[str]]:
    """`section_types` in dependency waves, each wave in the given (document) order."""
    planned = list(dict.fromkeys(section_types))
    level: dict[str, int] = {}

    def depth(section_type: str) -> int:
        if section_type not in level:
            deps = dependencies(section_type, planned)
            level[section_type] = 1 + max((depth(d) for d in deps), default=-1)
        return level[section_type]

    for section_type in planned:
        depth(section_type)
    count = max(level.values(), default=-1) + 1
    return [[s for s in planned if level[s] == index] for index in range(count)]
