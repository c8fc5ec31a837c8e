"""The renderers on their own: names in any script, Markdown that stays literal."""

from __future__ import annotations

import io
from dataclasses import replace

import pypdf

from iepgen.export.document import (
    Bullets,
    DocumentSection,
    ExportDocument,
    Paragraph,
    Subheading,
    Table,
)
from iepgen.export.markdown import escape, render_markdown
from iepgen.export.pdf import printable, render_pdf


def _document(name: str, note: str) -> ExportDocument:
    return ExportDocument(
        title="Individualized Education Program",
        subtitle="IEP year 2025-2026",
        facts=(("Student", name),),
        status="draft",
        notice="DRAFT generated with assistance (offline, model offline-drafter).",
        running_header="DRAFT",
        footer_label="IEP 2025-2026 · abcdef12",
        sections=(
            DocumentSection(
                "student_profile",
                "Student Profile",
                (
                    Subheading("Reading"),
                    Paragraph(note),
                    Bullets(("one", "two")),
                    Table("Data", ("Measure", "Value"), (("wcpm | fluency", "52"),), (3, 1)),
                ),
            ),
        ),
    )


def test_pdf_prints_accented_and_non_latin_names_and_marks_missing_glyphs() -> None:
    name = "Nguyễn Łukasz Ørsted Даша 李"
    content = render_pdf(_document(name, "Uses a tablet 📱 at home."))

    text = pypdf.PdfReader(io.BytesIO(content)).pages[0].extract_text()

    assert "Nguyễn Łukasz Ørsted Даша" in text
    assert printable("李📱") == "??"
    assert "· 1 / 1" in text


def test_markdown_keeps_a_teachers_text_literal() -> None:
    note = "# not a heading\n- not a list\n1. not numbered *or bold* <b>html</b>"
    rendered = render_markdown(_document("Avery Quill", note)).decode()

    assert escape("a|b") == "a\\|b"
    assert "\\# not a heading  \n\\- not a list  \n1\\. not numbered \\*or bold\\*" in rendered
    assert "\\<b\\>html\\</b\\>" in rendered
    assert "| wcpm \\| fluency | 52 |" in rendered


def test_each_part_of_a_translation_keeps_its_own_running_header_and_footer() -> None:
    from dataclasses import replace

    english = replace(_document("Avery Quill", "note"), footer_label="English footer")
    spanish = replace(
        _document("Avery Quill", "nota"),
        footer_label="Pie en español",
        running_header="Encabezado",
        language="es",
        companion=replace(english, running_header="Original en inglés / English original"),
    )

    pages = pypdf.PdfReader(io.BytesIO(render_pdf(spanish))).pages

    assert len(pages) == 2
    assert "Encabezado" in pages[0].extract_text()
    assert "Pie en español · 1 / 2" in pages[0].extract_text()
    assert "English footer · 2 / 2" in pages[1].extract_text()
    assert "Original en inglés / English original" in pages[1].extract_text()


def _pages(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages]


def _with_closing(paragraphs: int) -> ExportDocument:
    body = _document("Ana Ruiz", "Reads 52 words correct per minute.")
    section = DocumentSection(
        "notes", "Notes", tuple(Paragraph(f"Line {n} of the notes.") for n in range(paragraphs))
    )
    signatures = Table(
        "IEP team",
        ("Role", "Signature", "Date"),
        tuple((role, "", "") for role in ("Parent", "Teacher", "District representative")),
        (3, 4, 2),
        tall_rows=True,
    )
    return replace(
        body,
        sections=(*body.sections, section),
        closing=(Subheading("Participants and signatures"), signatures),
    )


def test_the_signature_page_stays_under_a_short_last_section_and_moves_when_it_cannot_fit() -> None:
    short = _pages(render_pdf(_with_closing(3)))
    assert len(short) == 1
    assert "Participants and signatures" in short[0]

    # A last section that ends low on its page: all of the signatures go overleaf together.
    long = _pages(render_pdf(_with_closing(40)))
    assert len(long) == 2
    assert "Participants and signatures" in long[1]
    assert "District representative" in long[1]
    assert "Participants and signatures" not in long[0]


def test_a_table_caption_never_ends_a_page_without_its_header_and_first_row() -> None:
    body = _document("Ana Ruiz", "Reads 52 words correct per minute.")
    tall_first_row = " ".join(["The service is given in the general class."] * 12)
    # 22 lines leave room for the caption alone (fpdf2 itself keeps a header with its row).
    filler = tuple(Paragraph(f"Line {n} of the notes.") for n in range(22))
    table = Table("Weekly services", ("Service", "Minutes"), ((tall_first_row, "30"),), (5, 1))
    document = replace(body, sections=(DocumentSection("services", "Services", (*filler, table)),))
    pages = _pages(render_pdf(document))
    assert len(pages) == 2
    assert "Weekly services" not in pages[0]
    assert "Weekly services" in pages[1] and "general class" in pages[1]
