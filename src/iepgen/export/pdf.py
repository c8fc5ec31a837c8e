"""The document as PDF (fpdf2, pure Python) in a bundled DejaVu Sans, with page numbers.

The font ships inside the package (`fonts/`, Bitstream Vera licence) because a fresh
machine need not have any system fonts, and fpdf2's core fonts are latin-1 only: names
such as "Nguyễn" or "Łukasz" must print as written. A character the font lacks (a CJK
name, an emoji) prints as "?" rather than failing the export.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Final

from fontTools.ttLib import TTFont  # type: ignore[import-untyped]
from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import FontFace

from .document import Block, Bullets, ExportDocument, Paragraph, Subheading, Table

MEDIA_TYPE = "application/pdf"
FONT_DIR: Final = Path(__file__).parent / "fonts"
FONT_FAMILY: Final = "DejaVu"
TEXT_COLOR: Final = (20, 20, 20)
MUTED_COLOR: Final = (70, 70, 70)  # still 9:1 on white
NOTICE_FILL: Final = (255, 244, 206)
HEADING_FILL: Final = (226, 232, 240)


@lru_cache(maxsize=1)
def _supported_codepoints() -> frozenset[int]:
    with TTFont(FONT_DIR / "DejaVuSans.ttf") as font:
        return frozenset(font.getBestCmap())


def printable(text: str) -> str:
    """`text` with every character the bundled font cannot draw replaced by '?'."""
    supported = _supported_codepoints()
    return "".join(c if c in "\n\t" or ord(c) in supported else "?" for c in text)


class IEPPdf(FPDF):
    """Letter pages with the running header (draft or final) and `Page n of N` footer."""

    def __init__(self, document: ExportDocument) -> None:
        super().__init__(orientation="portrait", unit="mm", format="Letter")
        self.document = document
        self.add_font(FONT_FAMILY, "", FONT_DIR / "DejaVuSans.ttf")
        self.add_font(FONT_FAMILY, "B", FONT_DIR / "DejaVuSans-Bold.ttf")
        self.set_margins(18, 18, 18)
        self.set_auto_page_break(auto=True, margin=18)
        self.alias_nb_pages()
        self.set_title(printable(f"{document.title}, {document.subtitle}"))
        self.set_creator("iepgen")
        self.set_lang("en-US")

    def header(self) -> None:
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
        self.cell(0, 5, f"{label} · Page {self.page_no()} of {{nb}}", align="C")
        self.set_text_color(*TEXT_COLOR)


def _write(pdf: FPDF, text: str, *, size: float = 10, bold: bool = False, gap: float = 1.5) -> None:
    pdf.set_font(FONT_FAMILY, "B" if bold else "", size)
    pdf.multi_cell(0, size * 0.5, printable(text), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(gap)


def _heading(pdf: FPDF, text: str) -> None:
    if pdf.will_page_break(30):
        pdf.add_page()
    pdf.ln(2)
    pdf.set_font(FONT_FAMILY, "B", 13)
    pdf.set_fill_color(*HEADING_FILL)
    pdf.multi_cell(0, 7, printable(text), align="L", fill=True, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(2)


def _table(pdf: FPDF, table: Table) -> None:
    if pdf.will_page_break(25):
        pdf.add_page()
    _write(pdf, table.caption, size=10, bold=True, gap=0.5)
    pdf.set_font(FONT_FAMILY, "", 8.5)
    pdf.set_fill_color(255, 255, 255)
    with pdf.table(
        col_widths=table.widths,
        text_align="LEFT",
        line_height=4.2,
        padding=1.2,
        headings_style=FontFace(emphasis="BOLD", fill_color=HEADING_FILL),
        repeat_headings=1,
    ) as grid:
        heading = grid.row()
        for name in table.columns:
            heading.cell(printable(name))
        for values in table.rows:
            row = grid.row()
            for value in values:
                row.cell(printable(value))
    pdf.ln(3)


def _block(pdf: FPDF, block: Block) -> None:
    if isinstance(block, Subheading):
        _write(pdf, block.text, size=11, bold=True, gap=0.5)
    elif isinstance(block, Paragraph):
        _write(pdf, block.text, bold=block.emphasis)
    elif isinstance(block, Bullets):
        for item in block.items:
            _write(pdf, f"•  {item}", gap=0.5)
        pdf.ln(1)
    else:
        _table(pdf, block)


def render_pdf(document: ExportDocument) -> bytes:
    pdf = IEPPdf(document)
    pdf.add_page()
    _write(pdf, document.title, size=18, bold=True, gap=0.5)
    _write(pdf, document.subtitle, size=11, gap=3)
    pdf.set_font(FONT_FAMILY, "", 9.5)
    pdf.set_fill_color(255, 255, 255)
    with pdf.table(
        col_widths=(1, 3),
        text_align="LEFT",
        first_row_as_headings=False,
        line_height=5,
        padding=1.2,
    ) as facts:
        for label, value in document.facts:
            row = facts.row()
            row.cell(printable(label), style=FontFace(emphasis="BOLD"))
            row.cell(printable(value))
    pdf.ln(4)
    pdf.set_font(FONT_FAMILY, "B", 10)
    pdf.set_fill_color(*NOTICE_FILL)
    pdf.multi_cell(
        0,
        5.5,
        printable(document.notice),
        border=1,
        align="L",
        fill=True,
        padding=2,
        new_x=XPos.LMARGIN,
        new_y=YPos.NEXT,
    )
    pdf.ln(3)
    for section in document.sections:
        _heading(pdf, section.title)
        for block in section.blocks:
            _block(pdf, block)
    for review in document.review:
        _heading(pdf, review.title)
        for item in review.items:
            _write(pdf, f"•  {item}", gap=0.5)
    return bytes(pdf.output())
