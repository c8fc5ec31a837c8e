"""A format-neutral IEP document: the title block, the notice, and each section as blocks.

DOCX, PDF and Markdown all render this one structure, so the three formats can never
disagree about what the IEP says (or about the draft notice it carries).
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, is_dataclass, replace
from typing import Any, Literal, TypeVar

from iepgen.api.fields import printable_text

T = TypeVar("T")


@dataclass(frozen=True)
class Paragraph:
    text: str
    emphasis: bool = False


@dataclass(frozen=True)
class Subheading:
    text: str


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    """A table with a header row; `widths` are relative column widths (they sum to anything)."""

    caption: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...]
    # Rows tall enough to sign in (the participants and signatures table).
    tall_rows: bool = False

    def __post_init__(self) -> None:
        if len(self.widths) != len(self.columns):
            raise ValueError("a table needs one width per column")
        if any(len(row) != len(self.columns) for row in self.rows):
            raise ValueError("every row needs one cell per column")


@dataclass(frozen=True)
class Signatures:
    """Signature lines, one per (role, name): a name may be blank, to be written by hand."""

    rows: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class ChartLine:
    label: str
    start: tuple[float, float]
    end: tuple[float, float]
    dashed: bool


@dataclass(frozen=True)
class LineChart:
    """Values over time, placed in fractions of the plot area (0 to 1, y upward).

    `description` says in words what the picture shows; a format that cannot draw says
    that instead, and the data table that always follows a chart carries every value.
    """

    title: str
    description: str
    points: tuple[tuple[float, float], ...]
    lines: tuple[ChartLine, ...]
    x_labels: tuple[tuple[float, str], ...]
    y_labels: tuple[tuple[float, str], ...]


Block = Paragraph | Subheading | Bullets | Table | Signatures | LineChart


@dataclass(frozen=True)
class DocumentSection:
    section_type: str
    title: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class ExportDocument:
    """Everything a rendering needs; no format knows where the IEP came from."""

    title: str
    subtitle: str
    facts: tuple[tuple[str, str], ...]
    status: Literal["draft", "final"]
    notice: str
    running_header: str
    footer_label: str
    sections: tuple[DocumentSection, ...]
    # Blocks after the sections (signatures, a reply slip), from a new page unless told
    # (the PDF keeps them on the last page when all of them fit there).
    closing: tuple[Block, ...] = field(default=())
    closing_new_page: bool = True
    # BCP 47 primary tag of the language the document is written in.
    language: str = "en"
    right_to_left: bool = False
    # A translation's own notice, shown above everything else ("machine-drafted ...").
    translation_notice: tuple[str, ...] = field(default=())
    # The English original of a translation, rendered after it from a new page.
    companion: ExportDocument | None = None

    def plain_text(self, *, with_companion: bool = False) -> str:
        """Every word of the document, one block per line (for measuring and searching)."""
        lines = [*self.translation_notice, self.title, self.subtitle, self.notice]
        lines.extend(f"{label}: {value}" for label, value in self.facts)
        for section in self.sections:
            lines.append(section.title)
            lines.extend(block_text(block) for block in section.blocks)
        lines.extend(block_text(block) for block in self.closing)
        if with_companion and self.companion is not None:
            lines.append(self.companion.plain_text())
        return "\n".join(line for line in lines if line)


def block_text(block: Block) -> str:
    if isinstance(block, Paragraph | Subheading):
        return block.text
    if isinstance(block, Bullets):
        return "\n".join(block.items)
    if isinstance(block, Signatures):
        return "\n".join(f"{role} {name}".strip() for role, name in block.rows)
    if isinstance(block, LineChart):
        return f"{block.title}\n{block.description}"
    rows = [" ".join(block.columns), *(" ".join(row) for row in block.rows)]
    return "\n".join(rows)


def printable_document(document: ExportDocument) -> ExportDocument:
    """The document with control characters gone from every string, whatever was stored.

    Input is cleaned when it arrives, but records stored before that (or a provider's
    answer) may still hold a vertical tab or an escape, and one such character makes a
    DOCX unreadable: every rendering goes through this first.
    """
    return _printable(document)


def _printable(value: T) -> T:
    result: Any = value
    if isinstance(value, str):
        result = printable_text(value).replace("\x00", "")
    elif isinstance(value, tuple):
        result = tuple(_printable(item) for item in value)
    elif is_dataclass(value) and not isinstance(value, type):
        result = replace(
            value, **{f.name: _printable(getattr(value, f.name)) for f in fields(value)}
        )
    return result  # type: ignore[no-any-return]
