"""A localizable document put into one language: English, reviewed Spanish, or a model's.

English and Spanish render every part from the catalog and phrasebook. Text the record
or a teacher wrote (and any phrase the phrasebook does not hold) takes the model's
translation when one was made, else stays in English inside a visible "not translated"
mark: never silently English in a translated document.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, time
from typing import Final

from iepgen.export.document import (
    Block,
    Bullets,
    DocumentSection,
    ExportDocument,
    LineChart,
    Paragraph,
    Signatures,
    Subheading,
    Table,
)

from . import phrasebook
from .catalog import message
from .languages import Language
from .text import (
    Free,
    Joined,
    Known,
    LBlock,
    LBullets,
    LocalDocument,
    LParagraph,
    LSignatures,
    LSubheading,
    LTable,
    Msg,
    Part,
    Plain,
)

MONTHS_ES: Final = (
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
)
# A mark around English the document could not translate: removed before measuring how
# readable the translation is (it is not written in the document's language).
UNTRANSLATED: Final = re.compile(r"«[^»]*»\s*\([^)]*\)")


def english_date(value: date) -> str:
    return f"{value:%B} {value.day}, {value.year}"


def spanish_date(value: date) -> str:
    return f"{value.day} de {MONTHS_ES[value.month - 1]} de {value.year}"


def english_time(value: time) -> str:
    hour = value.hour % 12 or 12
    return f"{hour}:{value.minute:02d} {'a.m.' if value.hour < 12 else 'p.m.'}"


def spanish_time(value: time) -> str:
    # US Spanish documents use the 12-hour clock; RAE writes the marks as "a. m." / "p. m.".
    hour = value.hour % 12 or 12
    return f"{hour}:{value.minute:02d} {'a. m.' if value.hour < 12 else 'p. m.'}"


class MissingMessage(LookupError):
    """A message key the catalog does not hold in the language asked for (a bug)."""


@dataclass
class Localizer:
    """Renders parts in `language` ("en" or "es"); `translations` maps English free text
    to a model's translation of it."""

    language: Language
    translations: Mapping[str, str] = field(default_factory=dict)
    untranslated: list[str] = field(default_factory=list)

    @property
    def code(self) -> str:
        return "es" if self.language.code == "es" else "en"

    def text(self, part: Part) -> str:
        if isinstance(part, Msg):
            return self.message(part.key, {name: self.text(value) for name, value in part.params})
        if isinstance(part, Plain):
            return part.text
        if isinstance(part, Known):
            if self.code == "en":
                return part.text
            return phrasebook.spanish(part.text) or self._free(part.text)
        if isinstance(part, Free):
            return part.text if self.code == "en" else self._free(part.text)
        if isinstance(part, Joined):
            rendered = (self.text(item) for item in part.parts)
            return part.separator.join(text for text in rendered if text)
        if isinstance(part, date):
            return english_date(part) if self.code == "en" else spanish_date(part)
        if isinstance(part, time):
            return english_time(part) if self.code == "en" else spanish_time(part)
        return str(part)

    def message(self, key: str, params: Mapping[str, str]) -> str:
        template = message(key, self.code)
        if template is None:
            raise MissingMessage(f"message {key!r} has no {self.code!r} text")
        return template.format_map(params)

    def _free(self, text: str) -> str:
        stripped = text.strip()
        if not stripped:
            return ""
        translated = self.translations.get(stripped)
        if translated:
            return translated
        self.untranslated.append(stripped)
        return self.message("translation.untranslated_mark", {"text": stripped})

    # The document --------------------------------------------------------------------

    def block(self, block: LBlock) -> Block:
        if isinstance(block, LParagraph):
            return Paragraph(self.text(block.text), emphasis=block.emphasis)
        if isinstance(block, LSubheading):
            return Subheading(self.text(block.text))
        if isinstance(block, LBullets):
            return Bullets(tuple(t for t in (self.text(i) for i in block.items) if t))
        if isinstance(block, LSignatures):
            return Signatures(tuple((self.text(r), self.text(n)) for r, n in block.rows))
        assert isinstance(block, LTable)
        return Table(
            caption=self.text(block.caption),
            columns=tuple(self.text(c) for c in block.columns),
            rows=tuple(tuple(self.text(c) for c in row) for row in block.rows),
            widths=block.widths,
        )

    def document(self, local: LocalDocument) -> ExportDocument:
        return ExportDocument(
            title=self.text(local.title),
            subtitle=self.text(local.subtitle),
            facts=tuple((self.text(k), self.text(v)) for k, v in local.facts),
            status=local.status,
            notice=self.text(local.notice),
            running_header=self.text(local.running_header),
            footer_label=self.text(local.footer_label),
            sections=tuple(
                DocumentSection(
                    section.key,
                    self.text(section.title),
                    tuple(self.block(b) for b in section.blocks),
                )
                for section in local.sections
            ),
            closing=tuple(self.block(b) for b in local.closing),
            language=self.language.code if self.code == "es" else "en",
        )


def free_texts(local: LocalDocument) -> list[str]:
    """The free text (and unknown drafter phrases) Spanish cannot translate offline."""
    found: dict[str, None] = {}

    def visit(part: Part) -> None:
        if isinstance(part, Free) or (
            isinstance(part, Known) and phrasebook.spanish(part.text) is None
        ):
            if part.text.strip():
                found.setdefault(part.text.strip(), None)
        elif isinstance(part, Msg):
            for _, value in part.params:
                visit(value)
        elif isinstance(part, Joined):
            for item in part.parts:
                visit(item)

    for part in _parts(local):
        visit(part)
    return list(found)


def _parts(local: LocalDocument) -> Iterable[Part]:
    yield from (local.title, local.subtitle, local.notice, local.running_header)
    yield local.footer_label
    for key, value in local.facts:
        yield from (key, value)
    blocks: list[LBlock] = [b for s in local.sections for b in s.blocks] + list(local.closing)
    yield from (s.title for s in local.sections)
    for block in blocks:
        yield from _block_parts(block)


def _block_parts(block: LBlock) -> Iterable[Part]:
    if isinstance(block, LParagraph | LSubheading):
        yield block.text
    elif isinstance(block, LBullets):
        yield from block.items
    elif isinstance(block, LSignatures):
        for role, name in block.rows:
            yield from (role, name)
    else:
        yield block.caption
        yield from block.columns
        for row in block.rows:
            yield from row


def document_strings(document: ExportDocument) -> list[str]:
    """Every distinct string of a rendered document, in reading order (for a model)."""
    found: dict[str, None] = {}
    for text in _strings(document):
        if text.strip():
            found.setdefault(text.strip(), None)
    return list(found)


def _strings(document: ExportDocument) -> Iterable[str]:
    yield from (document.title, document.subtitle, document.notice, document.running_header)
    yield document.footer_label
    for key, value in document.facts:
        yield from (key, value)
    for section in document.sections:
        yield section.title
        for block in section.blocks:
            yield from _rendered_block_strings(block)
    for block in document.closing:
        yield from _rendered_block_strings(block)


def _rendered_block_strings(block: Block) -> Iterable[str]:
    if isinstance(block, Paragraph | Subheading):
        yield block.text
    elif isinstance(block, Bullets):
        yield from block.items
    elif isinstance(block, Signatures):
        for role, name in block.rows:
            yield from (role, name)
    elif isinstance(block, LineChart):
        yield from (block.title, block.description)
        yield from (line.label for line in block.lines)
    else:
        yield block.caption
        yield from block.columns
        for row in block.rows:
            yield from row


def map_strings(document: ExportDocument, swap: Callable[[str], str]) -> ExportDocument:
    """The document with every string passed through `swap` (a model's translation)."""

    def block(value: Block) -> Block:
        if isinstance(value, Paragraph):
            return Paragraph(swap(value.text), value.emphasis)
        if isinstance(value, Subheading):
            return Subheading(swap(value.text))
        if isinstance(value, Bullets):
            return Bullets(tuple(swap(item) for item in value.items))
        if isinstance(value, Signatures):
            return Signatures(tuple((swap(r), swap(n)) for r, n in value.rows))
        if isinstance(value, LineChart):
            return replace(
                value,
                title=swap(value.title),
                description=swap(value.description),
                lines=tuple(replace(line, label=swap(line.label)) for line in value.lines),
            )
        return Table(
            swap(value.caption),
            tuple(swap(c) for c in value.columns),
            tuple(tuple(swap(c) for c in row) for row in value.rows),
            value.widths,
        )

    return ExportDocument(
        title=swap(document.title),
        subtitle=swap(document.subtitle),
        facts=tuple((swap(k), swap(v)) for k, v in document.facts),
        status=document.status,
        notice=swap(document.notice),
        running_header=swap(document.running_header),
        footer_label=swap(document.footer_label),
        sections=tuple(
            DocumentSection(s.section_type, swap(s.title), tuple(block(b) for b in s.blocks))
            for s in document.sections
        ),
        closing=tuple(block(b) for b in document.closing),
        language=document.language,
    )
