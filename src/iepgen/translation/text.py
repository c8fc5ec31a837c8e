"""Localizable text: what a family document says, before it is put into a language.

A part is one of:
- `Msg`: a reviewed template message by key, with named parameters (themselves parts);
- `Known`: a phrase iepgen's own drafter writes ("Speech-language pathologist", a goal's
  unit), looked up in the reviewed phrasebook, free text when it is not there;
- `Free`: text the record or a teacher wrote; only a model can translate it, so offline
  it is kept in English and marked as not translated;
- `Plain`: a value that reads the same in every language (a name, a code);
- a `date`, a clock `time` or an `int`, written the way the language writes them.

The document mirrors `export.document`: the same blocks, each holding parts instead of
strings, so one builder serves every language and the English original.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time
from typing import Literal, TypeAlias


@dataclass(frozen=True, init=False)
class Msg:
    key: str
    params: tuple[tuple[str, Part], ...] = ()

    def __init__(self, key: str, /, **params: Part) -> None:
        object.__setattr__(self, "key", key)
        object.__setattr__(self, "params", tuple(sorted(params.items())))


@dataclass(frozen=True)
class Known:
    text: str


@dataclass(frozen=True)
class Free:
    text: str


@dataclass(frozen=True)
class Plain:
    text: str


@dataclass(frozen=True)
class Joined:
    """Parts one after another with a separator (a sentence made of sentences, a list)."""

    parts: tuple[Part, ...]
    separator: Literal[" ", ", ", "; ", "\n", ""] = " "


Part: TypeAlias = Msg | Known | Free | Plain | Joined | date | time | int


def joined(*parts: Part | None, separator: Literal[" ", ", ", "; ", "\n", ""] = " ") -> Joined:
    return Joined(tuple(part for part in parts if part is not None), separator)


@dataclass(frozen=True)
class LParagraph:
    text: Part
    emphasis: bool = False


@dataclass(frozen=True)
class LSubheading:
    text: Part


@dataclass(frozen=True)
class LBullets:
    items: tuple[Part, ...]


@dataclass(frozen=True)
class LTable:
    caption: Part
    columns: tuple[Part, ...]
    rows: tuple[tuple[Part, ...], ...]
    widths: tuple[float, ...]


@dataclass(frozen=True)
class LSignatures:
    """Signature lines: one per person, with what their signature means."""

    rows: tuple[tuple[Part, Part], ...]  # (role, name)


LBlock: TypeAlias = LParagraph | LSubheading | LBullets | LTable | LSignatures


@dataclass(frozen=True)
class LSection:
    key: str
    title: Part
    blocks: tuple[LBlock, ...]


@dataclass(frozen=True)
class LocalDocument:
    """A family or team document, every word a part; `kind` names it in file names."""

    kind: str
    title: Part
    subtitle: Part
    facts: tuple[tuple[Part, Part], ...]
    status: Literal["draft", "final"]
    notice: Part
    running_header: Part
    footer_label: Part
    sections: tuple[LSection, ...]
    closing: tuple[LBlock, ...] = field(default=())
