"""The document as DOCX (python-docx): headings per section, real tables, page numbers."""

from __future__ import annotations

import io

from docx import Document as new_docx
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Inches, Pt, RGBColor
from docx.text.paragraph import Paragraph as DocxParagraph

from .document import Block, Bullets, ExportDocument, Paragraph, Subheading, Table

MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PAGE_WIDTH = Inches(8.5)  # US Letter, what US schools print on
PAGE_HEIGHT = Inches(11)
MARGIN = Cm(2)
NOTICE_FILL = "FFF4CE"  # a pale amber behind the notice; text stays black (contrast)


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


def _repeat_header(row_properties: object) -> None:
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    row_properties.append(header)  # type: ignore[attr-defined]


def _table(doc: DocxDocument, table: Table) -> None:
    caption = doc.add_paragraph(table.caption)
    caption.runs[0].bold = True
    caption.paragraph_format.keep_with_next = True
    grid = doc.add_table(rows=1, cols=len(table.columns))
    grid.style = "Table Grid"
    usable = PAGE_WIDTH - 2 * MARGIN
    total = sum(table.widths)
    for index, name in enumerate(table.columns):
        cell = grid.rows[0].cells[index]
        cell.text = ""
        cell.paragraphs[0].add_run(name).bold = True
    _repeat_header(grid.rows[0]._tr.get_or_add_trPr())
    for values in table.rows:
        cells = grid.add_row().cells
        for index, value in enumerate(values):
            cells[index].text = value
    for index, width in enumerate(table.widths):
        for row in grid.rows:
            row.cells[index].width = int(usable * width / total)
    doc.add_paragraph()


def _block(doc: DocxDocument, block: Block) -> None:
    if isinstance(block, Subheading):
        doc.add_heading(block.text, level=2)
    elif isinstance(block, Paragraph):
        paragraph = doc.add_paragraph()
        paragraph.add_run(block.text).bold = block.emphasis
    elif isinstance(block, Bullets):
        for item in block.items:
            doc.add_paragraph(item, style="List Bullet")
    else:
        _table(doc, block)


def _page_furniture(doc: DocxDocument, document: ExportDocument) -> None:
    section = doc.sections[0]
    header = section.header.paragraphs[0]
    header.text = document.running_header
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    header.runs[0].bold = document.status == "draft"
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run(f"{document.footer_label} · Page ")
    _field(footer, "PAGE")
    footer.add_run(" of ")
    _field(footer, "NUMPAGES")


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

    doc.add_heading(document.title, level=0)
    doc.add_paragraph(document.subtitle)
    facts = doc.add_table(rows=0, cols=2)
    facts.style = "Table Grid"
    for label, value in document.facts:
        cells = facts.add_row().cells
        cells[0].paragraphs[0].add_run(label).bold = True
        cells[1].text = value
    notice = doc.add_paragraph()
    notice.paragraph_format.space_before = Pt(12)
    run = notice.add_run(document.notice)
    run.bold = True
    run.font.color.rgb = RGBColor(0, 0, 0)
    _shade(notice, NOTICE_FILL)
    _page_furniture(doc, document)

    for section in document.sections:
        doc.add_heading(section.title, level=1)
        for block in section.blocks:
            _block(doc, block)
    for review in document.review:
        doc.add_heading(review.title, level=1)
        for item in review.items:
            doc.add_paragraph(item, style="List Bullet")
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
