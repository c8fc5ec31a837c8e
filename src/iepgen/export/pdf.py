"""The document as PDF (fpdf2, pure Python) in a bundled DejaVu Sans, with page numbers.

The font ships inside the package (`fonts/`, Bitstream Vera licence) because a fresh
machine need not have any system fonts, and fpdf2's core fonts are latin-1 only: names
such as "Nguyễn" or "Łukasz" must print as written. A character the font lacks (a CJK
name, an emoji) prints as "?" rather than failing the export.

Layout rules: a table's columns are never narrower than the longest word of their header
(`layout.py`); a heading or subheading moves to the next page unless the start of what
follows it fits under it; a translation's English original starts on a new page with
its own running header.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Final

from fontTools.ttLib import TTFont  # type: ignore[import-untyped]
from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import FontFace, TTFFont

from .document import (
    Block,
    Bullets,
    ExportDocument,
    LineChart,
    Paragraph,
    Signatures,
    Subheading,
    Table,
)
from .layout import column_widths

MEDIA_TYPE = "application/pdf"
FONT_DIR: Final = Path(__file__).parent / "fonts"
FONT_FAMILY: Final = "DejaVu"
TEXT_COLOR: Final = (20, 20, 20)
MUTED_COLOR: Final = (70, 70, 70)  # still 9:1 on white
NOTICE_FILL: Final = (255, 244, 206)
TRANSLATION_FILL: Final = (222, 235, 255)
HEADING_FILL: Final = (226, 232, 240)
MARGIN: Final = 18.0
TABLE_FONT: Final = 8.5
CELL_PADDING: Final = 1.2
# Characters a row must hold before it could be taller than a page (about 30 lines).
SHORT_ROW: Final = 600
# What must fit under a heading for it to stay on this page (mm): about three lines.
KEEP_WITH_NEXT: Final = 16.0


@lru_cache(maxsize=1)
def _supported_codepoints() -> frozenset[int]:
    with TTFont(FONT_DIR / "DejaVuSans.ttf") as font:
        return frozenset(font.getBestCmap())


def printable(text: str) -> str:
    """`text` with every character the bundled font cannot draw replaced by '?'."""
    supported = _supported_codepoints()
    return "".join(c if c in "\n\t" or ord(c) in supported else "?" for c in text)


# Character widths of the bundled fonts, by fpdf2's font key ("dejavu", "dejavuB").
_WIDTHS: dict[str, Any] = {}


@lru_cache(maxsize=65536)
def _text_units(fontkey: str, text: str) -> int:
    widths = _WIDTHS[fontkey]
    return sum(map(widths.__getitem__, map(ord, text)))


class _MeasuredFont(TTFFont):
    """fpdf2 measures text one character at a time in a generator, thousands of times per
    page while it breaks lines; this sums over `map` with a cache of the fragments it
    meets again (a table is laid out twice, and every document uses the same two fonts):
    several times faster, with identical widths."""

    __slots__ = ()

    def get_text_width(
        self, text: str, font_size_pt: float, text_shaping_params: Any
    ) -> tuple[int, float]:
        if text_shaping_params or self.is_symbol:
            return super().get_text_width(text, font_size_pt, text_shaping_params)
        if font_size_pt > self.biggest_size_pt:
            self.biggest_size_pt = font_size_pt
        return len(text), _text_units(self.fontkey, text) * font_size_pt * 0.001


def _measure_fast(font: Any) -> None:
    if type(font) is TTFFont:
        _WIDTHS.setdefault(font.fontkey, font.cw)
        font.__class__ = _MeasuredFont


class IEPPdf(FPDF):
    """Letter pages with the running header (draft or final) and `Page n of N` footer."""

    def __init__(self, document: ExportDocument) -> None:
        super().__init__(orientation="portrait", unit="mm", format="Letter")
        self.document = document
        self.next_document: ExportDocument | None = None
        self.add_font(FONT_FAMILY, "", FONT_DIR / "DejaVuSans.ttf")
        self.add_font(FONT_FAMILY, "B", FONT_DIR / "DejaVuSans-Bold.ttf")
        for font in self.fonts.values():
            _measure_fast(font)
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(auto=True, margin=MARGIN)
        self.alias_nb_pages()
        self.set_title(printable(f"{document.title}, {document.subtitle}"))
        self.set_creator("iepgen")
        self.set_lang(document.language)

    def header(self) -> None:
        # A new part (a translation's English original) takes over from its first page
        # header on; the page before it keeps the footer of the part it belongs to.
        if self.next_document is not None:
            self.document, self.next_document = self.next_document, None
        self.set_font(FONT_FAMILY, "B" if self.document.status == "draft" else "", 8)
        self.set_text_color(*MUTED_COLOR)
        self.cell(0, 5, printable(self.document.running_header), align="R")
        self.ln(8)
        self.set_text_color(*TEXT_COLOR)

    def footer(self) -> None:
        self.set_y(-13)
        self.set_font(FONT_FAMILY, "", 8)
        self.set_text_color(*MUTED_COLOR)
        label = printable(self.document.footer_label)
        self.cell(0, 5, f"{label} · {self.page_no()} / {{nb}}", align="C")
        self.set_text_color(*TEXT_COLOR)


def _write(pdf: FPDF, text: str, *, size: float = 10, bold: bool = False, gap: float = 1.5) -> None:
    pdf.set_font(FONT_FAMILY, "B" if bold else "", size)
    pdf.multi_cell(0, size * 0.5, printable(text), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(gap)


def _lines(pdf: FPDF, width: float, height: float, text: str) -> list[str]:
    """How `multi_cell` would break `text` (fpdf2's dry run), without drawing it."""
    lines = pdf.multi_cell(width, height, text, dry_run=True, output="LINES")
    assert isinstance(lines, list)
    return lines


def _text_height(pdf: FPDF, text: str, *, size: float = 10, bold: bool = False) -> float:
    pdf.set_font(FONT_FAMILY, "B" if bold else "", size)
    return len(_lines(pdf, 0, size * 0.5, printable(text))) * size * 0.5


def _start_height(pdf: FPDF, block: Block | None) -> float:
    """How much of `block` must fit under a heading for the two to stay together."""
    if block is None:
        return 0.0
    if isinstance(block, Table):
        return _table_start_height(pdf, _layout(pdf, block))
    if isinstance(block, Bullets):
        first = block.items[0] if block.items else ""
        return min(_text_height(pdf, f"•  {first}"), KEEP_WITH_NEXT)
    if isinstance(block, Signatures):
        return 20.0
    if isinstance(block, LineChart):
        return CHART_HEIGHT + 12
    text = block.text
    return min(
        _text_height(pdf, text, size=11 if isinstance(block, Subheading) else 10), KEEP_WITH_NEXT
    )


def _keep(pdf: FPDF, needed: float) -> None:
    if pdf.will_page_break(needed):
        pdf.add_page()


def _heading(pdf: FPDF, text: str, following: Block | None) -> None:
    heading = _text_height(pdf, text, size=13, bold=True) + 6
    _keep(pdf, heading + _start_height(pdf, following))
    pdf.ln(2)
    pdf.set_font(FONT_FAMILY, "B", 13)
    pdf.set_fill_color(*HEADING_FILL)
    pdf.multi_cell(0, 7, printable(text), align="L", fill=True, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(2)


@dataclass(frozen=True)
class _TableLayout:
    """A table's measured columns and rows, shared by drawing it and keeping it together."""

    table: Table
    columns: list[str]
    rows: list[list[str]]
    widths: list[float]
    line_height: float

    @classmethod
    def of(cls, pdf: FPDF, table: Table) -> _TableLayout:
        columns = [printable(c) for c in table.columns]
        rows = [[printable(value) for value in row] for row in table.rows]

        def measure(bold: bool) -> Callable[[str], float]:
            def width(word: str) -> float:
                pdf.set_font(FONT_FAMILY, "B" if bold else "", TABLE_FONT)
                return float(pdf.get_string_width(word))

            return width

        widths = column_widths(
            pdf.epw,
            table.widths,
            columns,
            rows,
            header_width=measure(True),
            body_width=measure(False),
            padding=CELL_PADDING + 0.3,
        )
        line_height = 8.0 if table.tall_rows else 4.2
        pdf.set_font(FONT_FAMILY, "", TABLE_FONT)
        return cls(
            table, columns, _split_tall_rows(pdf, rows, widths, line_height), widths, line_height
        )

    def row_height(self, pdf: FPDF, values: list[str], *, bold: bool = False) -> float:
        pdf.set_font(FONT_FAMILY, "B" if bold else "", TABLE_FONT)
        lines = max(
            (
                len(_lines(pdf, w - 2 * CELL_PADDING, self.line_height, value))
                for w, value in zip(self.widths, values, strict=True)
            ),
            default=1,
        )
        return lines * self.line_height + 2 * CELL_PADDING


def _table_start_height(pdf: FPDF, layout: _TableLayout) -> float:
    """Caption, header row and the whole first row: a caption and header left alone at the
    foot of a page, their first row overleaf, read as an empty table (up to a third of a
    page; a taller first row is split across pages anyway)."""
    caption = (
        _text_height(pdf, layout.table.caption, bold=True) + 0.5 if layout.table.caption else 0
    )
    header = layout.row_height(pdf, layout.columns, bold=True)
    first = layout.row_height(pdf, layout.rows[0]) if layout.rows else 0.0
    return min(caption + header + first, pdf.eph / 3)


def _layout(pdf: FPDF, table: Table) -> _TableLayout:
    """The table's layout, measured once per rendering: keeping a heading with its table
    and drawing the table both need it, and measuring is most of a table's cost."""
    layouts: dict[int, _TableLayout] = pdf.__dict__.setdefault("_iepgen_layouts", {})
    key = id(table)
    if key not in layouts or layouts[key].table is not table:
        layouts[key] = _TableLayout.of(pdf, table)
    return layouts[key]


def _table(pdf: FPDF, table: Table) -> None:
    layout = _layout(pdf, table)
    _keep(pdf, _table_start_height(pdf, layout))
    if table.caption:
        _write(pdf, table.caption, size=10, bold=True, gap=0.5)
    pdf.set_font(FONT_FAMILY, "", TABLE_FONT)
    pdf.set_fill_color(255, 255, 255)
    with pdf.table(
        col_widths=layout.widths,
        width=pdf.epw,
        text_align="LEFT",
        line_height=layout.line_height,
        padding=CELL_PADDING,
        headings_style=FontFace(emphasis="BOLD", fill_color=HEADING_FILL),
        repeat_headings=1,
    ) as grid:
        heading = grid.row()
        for name in layout.columns:
            heading.cell(name)
        for values in layout.rows:
            row = grid.row()
            for value in values:
                row.cell(value)
    pdf.ln(3)


def _split_tall_rows(
    pdf: FPDF, rows: list[list[str]], widths: list[float], line_height: float
) -> list[list[str]]:
    """Rows taller than a page continued in further rows (fpdf2 cannot split one row)."""
    limit = max(1, int((pdf.eph - 40) / line_height))
    result: list[list[str]] = []
    for row in rows:
        if sum(len(value) for value in row) < SHORT_ROW:
            result.append(row)  # far too little text to fill a page: no need to measure
            continue
        cells = [
            _lines(pdf, w - 2 * CELL_PADDING, line_height, value)
            for w, value in zip(widths, row, strict=True)
        ]
        if max((len(lines) for lines in cells), default=0) <= limit:
            result.append(row)
            continue
        chunks = max(len(lines) for lines in cells)
        for start in range(0, chunks, limit):
            result.append([" ".join(lines[start : start + limit]) for lines in cells])
    return result


def _signatures(pdf: FPDF, block: Signatures) -> None:
    """The role (and name) over a line to sign on and a shorter one for the date."""
    for role, name in block.rows:
        _keep(pdf, 22.0)
        _write(pdf, f"{role}: {name}" if name else role, size=10, bold=True, gap=10)
        y = pdf.get_y()
        pdf.set_draw_color(60, 60, 60)
        pdf.line(pdf.l_margin, y, pdf.l_margin + 110, y)
        pdf.line(pdf.l_margin + 120, y, pdf.l_margin + pdf.epw, y)
        pdf.ln(6)


CHART_HEIGHT = 55.0
CHART_LEFT = 14.0  # room for the value labels
CHART_BOTTOM = 6.0  # room for the month labels


def _chart(pdf: FPDF, chart: LineChart) -> None:
    """The chart drawn with lines and dots: the aim line dashed, the trend solid."""
    _keep(pdf, CHART_HEIGHT + 12)
    _write(pdf, chart.title, size=10, bold=True, gap=0.5)
    top = pdf.get_y() + 2
    left = pdf.l_margin + CHART_LEFT
    width = pdf.epw - CHART_LEFT - 2
    height = CHART_HEIGHT - CHART_BOTTOM

    def at(point: tuple[float, float]) -> tuple[float, float]:
        return left + point[0] * width, top + (1 - point[1]) * height

    pdf.set_font(FONT_FAMILY, "", 7)
    pdf.set_text_color(*MUTED_COLOR)
    pdf.set_line_width(0.2)
    pdf.set_draw_color(220, 220, 220)
    for position, label in chart.y_labels:
        _, y = at((0, position))
        pdf.line(left, y, left + width, y)
        pdf.text(pdf.l_margin, y + 1, printable(label))
    for position, label in chart.x_labels:
        x, _ = at((position, 0))
        pdf.text(x - pdf.get_string_width(label) / 2, top + height + 4, printable(label))
    pdf.set_draw_color(60, 60, 60)
    pdf.line(left, top, left, top + height)
    pdf.line(left, top + height, left + width, top + height)
    for line in chart.lines:
        pdf.set_line_width(0.5)
        pdf.set_dash_pattern(dash=2, gap=1.5) if line.dashed else pdf.set_dash_pattern()
        (x1, y1), (x2, y2) = at(line.start), at(line.end)
        pdf.line(x1, y1, x2, y2)
    pdf.set_dash_pattern()
    pdf.set_fill_color(20, 20, 20)
    for point in chart.points:
        x, y = at(point)
        pdf.circle(x, y, 0.8, style="F")
    pdf.set_line_width(0.2)
    pdf.set_text_color(*TEXT_COLOR)
    pdf.set_y(top + CHART_HEIGHT)
    legend = "Dots: data points."
    legend += "".join(
        f" {'Dashed' if line.dashed else 'Solid'} line: {line.label.lower()}."
        for line in chart.lines
    )
    _write(pdf, legend, size=8, gap=0.5)
    _write(pdf, chart.description, size=9)


def _block(pdf: FPDF, block: Block) -> None:
    if isinstance(block, Subheading):
        _write(pdf, block.text, size=11, bold=True, gap=0.5)
    elif isinstance(block, Paragraph):
        _write(pdf, block.text, bold=block.emphasis)
    elif isinstance(block, Bullets):
        for item in block.items:
            _write(pdf, f"•  {item}", gap=0.5)
        pdf.ln(1)
    elif isinstance(block, Signatures):
        _signatures(pdf, block)
    elif isinstance(block, LineChart):
        _chart(pdf, block)
    else:
        _table(pdf, block)


def _blocks(pdf: FPDF, blocks: tuple[Block, ...]) -> None:
    for index, block in enumerate(blocks):
        if isinstance(block, Subheading):
            following = blocks[index + 1] if index + 1 < len(blocks) else None
            needed = _text_height(pdf, block.text, size=11, bold=True) + _start_height(
                pdf, following
            )
            _keep(pdf, needed)
        _block(pdf, block)


def _boxed(pdf: FPDF, text: str, fill: tuple[int, int, int]) -> None:
    pdf.set_font(FONT_FAMILY, "B", 10)
    pdf.set_fill_color(*fill)
    pdf.multi_cell(
        0,
        5.5,
        printable(text),
        border=1,
        align="L",
        fill=True,
        padding=2,
        new_x=XPos.LMARGIN,
        new_y=YPos.NEXT,
    )


def _document(pdf: IEPPdf, document: ExportDocument) -> None:
    pdf.next_document = document
    pdf.add_page()
    if document.translation_notice:
        _boxed(pdf, "\n".join(document.translation_notice), TRANSLATION_FILL)
        pdf.ln(3)
    _write(pdf, document.title, size=18, bold=True, gap=0.5)
    _write(pdf, document.subtitle, size=11, gap=3)
    pdf.set_font(FONT_FAMILY, "", 9.5)
    pdf.set_fill_color(255, 255, 255)
    with pdf.table(
        col_widths=(1, 3),
        text_align="LEFT",
        first_row_as_headings=False,
        line_height=5,
        padding=CELL_PADDING,
    ) as facts:
        for label, value in document.facts:
            row = facts.row()
            row.cell(printable(label), style=FontFace(emphasis="BOLD"))
            row.cell(printable(value))
    pdf.ln(4)
    if document.notice:
        _boxed(pdf, document.notice, NOTICE_FILL)
        pdf.ln(3)
    for section in document.sections:
        if section.title:
            _heading(pdf, section.title, section.blocks[0] if section.blocks else None)
        _blocks(pdf, section.blocks)
    if document.closing:
        pdf.ln(2)
        if document.closing_new_page and not _fits_on_this_page(pdf, document.closing):
            # The signature page starts a page unless all of it fits under the last section:
            # a forced break after a last section that spilled a few lines over left a page
            # almost empty.
            pdf.add_page()
        _blocks(pdf, document.closing)


def _fits_on_this_page(pdf: FPDF, blocks: tuple[Block, ...]) -> bool:
    """Whether `blocks` drawn from here would end on this page, from their measured heights
    (fpdf2's own dry run copies the whole document, fonts included: far slower)."""
    return pdf.get_y() + _height(pdf, blocks) <= pdf.page_break_trigger


def _height(pdf: FPDF, blocks: tuple[Block, ...]) -> float:
    total = 0.0
    for block in blocks:
        if isinstance(block, Table):
            layout = _layout(pdf, block)
            caption = _text_height(pdf, block.caption, bold=True) + 0.5 if block.caption else 0
            total += caption + layout.row_height(pdf, layout.columns, bold=True)
            total += sum(layout.row_height(pdf, row) for row in layout.rows) + 3
        elif isinstance(block, Bullets):
            total += sum(_text_height(pdf, f"•  {item}") + 0.5 for item in block.items) + 1
        elif isinstance(block, Signatures):
            total += 22.0 * len(block.rows)
        elif isinstance(block, Subheading):
            total += _text_height(pdf, block.text, size=11, bold=True) + 0.5
        elif isinstance(block, LineChart):
            total += CHART_HEIGHT + 12
        else:
            total += _text_height(pdf, block.text, bold=block.emphasis) + 1.5
    return total


def render_pdf(document: ExportDocument) -> bytes:
    pdf = IEPPdf(document)
    _document(pdf, document)
    if document.companion is not None:
        _document(pdf, document.companion)
    return bytes(pdf.output())
