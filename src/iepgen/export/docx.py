"""The document as DOCX (python-docx): headings per section, real tables, page numbers.

Layout rules shared with the PDF: headings, subheadings and table captions keep with what
follows them (Word's "keep with next"); tables have a fixed layout whose columns are
never narrower than the longest word of their header (`layout.py`), with the header row
repeated on every page and never split; a translation's English original is a new
section (new page) with its own header. Each part is tagged with its language (w:lang),
so Word proofs Spanish as Spanish, and a right-to-left translation is marked bidi/rtl.
"""

from __future__ import annotations

import io

from docx import Document as new_docx
from docx.document import Document as DocxDocument
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_ROW_HEIGHT_RULE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Inches, Pt, RGBColor
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph as DocxParagraph

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

MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PAGE_WIDTH = Inches(8.5)  # US Letter, what US schools print on
PAGE_HEIGHT = Inches(11)
MARGIN = Cm(2)
NOTICE_FILL = "FFF4CE"  # a pale amber behind the notice; text stays black (contrast)
TRANSLATION_FILL = "DEEBFF"
TABLE_FONT_PT = 9.0
# Calibri's average glyph width is about half its size; bold a little wider. Used only to
# reserve room for header words, so erring wide is the safe side.
CHAR_EM = {False: 0.56, True: 0.62}
LANGUAGE_TAGS = {"en": "en-US", "es": "es-US"}


def _field(paragraph: DocxParagraph, instruction: str) -> None:
    """A simple field (PAGE, NUMPAGES) Word fills in when it lays out the pages."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _shade(paragraph: DocxParagraph, fill: str) -> None:
    properties = paragraph._p.get_or_add_pPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    properties.append(shading)


def _row_flag(row_properties: object, name: str) -> None:
    flag = OxmlElement(name)
    flag.set(qn("w:val"), "true")
    row_properties.append(flag)  # type: ignore[attr-defined]


def _fixed_layout(grid: DocxTable) -> None:
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    grid._tbl.tblPr.append(layout)


def _text_width(word: str, *, bold: bool) -> float:
    """An estimate of a word's width in EMU at the table font size."""
    return len(word) * TABLE_FONT_PT * CHAR_EM[bold] * Pt(1)


def _cell_text(cell: object, text: str, *, bold: bool = False) -> None:
    paragraph = cell.paragraphs[0]  # type: ignore[attr-defined]
    lines = text.split("\n")
    for index, line in enumerate(lines):
        run = paragraph.add_run(line)
        run.bold = bold
        run.font.size = Pt(TABLE_FONT_PT)
        if index < len(lines) - 1:
            run.add_break(WD_BREAK.LINE)


def _caption(doc: DocxDocument, text: str) -> None:
    caption = doc.add_paragraph()
    caption.add_run(text).bold = True
    caption.paragraph_format.keep_with_next = True


def _table(doc: DocxDocument, table: Table) -> None:
    if table.caption:
        _caption(doc, table.caption)
    grid = doc.add_table(rows=1, cols=len(table.columns))
    grid.style = "Table Grid"
    grid.autofit = False
    _fixed_layout(grid)
    usable = int(PAGE_WIDTH - 2 * MARGIN)
    widths = column_widths(
        usable,
        table.widths,
        table.columns,
        table.rows,
        header_width=lambda word: _text_width(word, bold=True),
        body_width=lambda word: _text_width(word, bold=False),
        padding=float(Cm(0.2)),
    )
    for index, name in enumerate(table.columns):
        _cell_text(grid.rows[0].cells[index], name, bold=True)
        paragraph = grid.rows[0].cells[index].paragraphs[0]
        paragraph.paragraph_format.keep_with_next = True
    header_properties = grid.rows[0]._tr.get_or_add_trPr()
    _row_flag(header_properties, "w:tblHeader")
    _row_flag(header_properties, "w:cantSplit")
    for values in table.rows:
        row = grid.add_row()
        for index, value in enumerate(values):
            _cell_text(row.cells[index], value)
        if table.tall_rows:
            row.height = Cm(1.1)
            row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
    for index, width in enumerate(widths):
        grid.columns[index].width = int(width)
        for row in grid.rows:
            row.cells[index].width = int(width)
    doc.add_paragraph()


def _signatures(doc: DocxDocument, block: Signatures) -> None:
    for role, name in block.rows:
        label = doc.add_paragraph()
        label.add_run(f"{role}: {name}" if name else role).bold = True
        label.paragraph_format.keep_with_next = True
        line = doc.add_paragraph("_" * 44 + "      " + "_" * 18)
        line.paragraph_format.space_before = Pt(18)


def _block(doc: DocxDocument, block: Block) -> None:
    if isinstance(block, Subheading):
        heading = doc.add_heading(block.text, level=2)
        heading.paragraph_format.keep_with_next = True
    elif isinstance(block, Paragraph):
        paragraph = doc.add_paragraph()
        paragraph.add_run(block.text).bold = block.emphasis
        if block.emphasis:
            paragraph.paragraph_format.keep_with_next = True
    elif isinstance(block, Bullets):
        for item in block.items:
            doc.add_paragraph(item, style="List Bullet")
    elif isinstance(block, Signatures):
        _signatures(doc, block)
    elif isinstance(block, LineChart):
        # python-docx writes no drawings or chart parts, and a picture would need a
        # raster image library this project does not depend on: the DOCX gives the
        # chart's title and its description in words, and the data table that always
        # follows carries every value. The PDF draws the chart.
        title = doc.add_paragraph()
        title.add_run(block.title).bold = True
        title.paragraph_format.keep_with_next = True
        doc.add_paragraph(block.description)
    else:
        _table(doc, block)


def _page_furniture(section: object, document: ExportDocument, *, linked: bool) -> None:
    header_part = section.header  # type: ignore[attr-defined]
    footer_part = section.footer  # type: ignore[attr-defined]
    header_part.is_linked_to_previous = linked
    footer_part.is_linked_to_previous = linked
    header = header_part.paragraphs[0]
    header.text = document.running_header
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if header.runs:
        header.runs[0].bold = document.status == "draft"
    footer = footer_part.paragraphs[0]
    footer.text = ""
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run(f"{document.footer_label} · ")
    _field(footer, "PAGE")
    footer.add_run(" / ")
    _field(footer, "NUMPAGES")


def _shaded(doc: DocxDocument, text: str, fill: str) -> None:
    notice = doc.add_paragraph()
    notice.paragraph_format.space_before = Pt(12)
    run = notice.add_run(text)
    run.bold = True
    run.font.color.rgb = RGBColor(0, 0, 0)
    _shade(notice, fill)


def _part(doc: DocxDocument, document: ExportDocument) -> None:
    for line in document.translation_notice:
        _shaded(doc, line, TRANSLATION_FILL)
    doc.add_heading(document.title, level=0)
    doc.add_paragraph(document.subtitle)
    facts = doc.add_table(rows=0, cols=2)
    facts.style = "Table Grid"
    for label, value in document.facts:
        cells = facts.add_row().cells
        cells[0].paragraphs[0].add_run(label).bold = True
        cells[1].text = value
    if document.notice:
        _shaded(doc, document.notice, NOTICE_FILL)
    for section in document.sections:
        if section.title:
            heading = doc.add_heading(section.title, level=1)
            heading.paragraph_format.keep_with_next = True
        for block in section.blocks:
            _block(doc, block)
    if document.closing:
        if document.closing_new_page:
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        for block in document.closing:
            _block(doc, block)


def _tag_language(elements: list[object], document: ExportDocument) -> None:
    """Every run of one part in its language (and right to left where the language is)."""
    tag = LANGUAGE_TAGS.get(document.language, document.language)
    for element in elements:
        for run in element.iter(qn("w:r")):  # type: ignore[attr-defined]
            properties = run.get_or_add_rPr()
            language = OxmlElement("w:lang")
            language.set(qn("w:val"), tag)
            if document.right_to_left:
                language.set(qn("w:bidi"), tag)
                properties.append(OxmlElement("w:rtl"))
            properties.append(language)
        if document.right_to_left:
            for paragraph in element.iter(qn("w:p")):  # type: ignore[attr-defined]
                paragraph.get_or_add_pPr().append(OxmlElement("w:bidi"))


def render_docx(document: ExportDocument) -> bytes:
    doc = new_docx()
    for page in doc.sections:
        page.page_width, page.page_height = PAGE_WIDTH, PAGE_HEIGHT
        page.left_margin = page.right_margin = MARGIN
        page.top_margin = page.bottom_margin = MARGIN
    normal = doc.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(11)
    properties = doc.core_properties
    properties.title = f"{document.title}, {document.subtitle}"
    properties.author = "iepgen"
    properties.comments = document.notice
    properties.language = LANGUAGE_TAGS.get(document.language, document.language)
    body = doc.element.body
    _page_furniture(doc.sections[0], document, linked=False)
    _part(doc, document)
    first_part = list(body)[:-1]  # the last child is the section properties
    _tag_language(first_part, document)
    if document.companion is not None:
        companion = document.companion
        before = len(body) - 1
        section = doc.add_section(WD_SECTION.NEW_PAGE)
        _page_furniture(section, companion, linked=False)
        _part(doc, companion)
        _tag_language(list(body)[before:-1], companion)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
