"""The document as Markdown (CommonMark with GitHub pipe tables)."""

from __future__ import annotations

import re

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

MEDIA_TYPE = "text/markdown; charset=utf-8"

# Characters that would start Markdown syntax inside a line of someone's text.
_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|])")


def escape(text: str) -> str:
    """Text as literal Markdown: syntax characters escaped, line breaks kept inside a block."""
    escaped = _SPECIAL.sub(r"\\\1", text)
    # A line that starts with "1." or "-" would become a list; keep it a plain line.
    lines = [re.sub(r"^(\s*)(\d+)\.", r"\1\2\\.", line) for line in escaped.splitlines()]
    lines = [re.sub(r"^(\s*)([-+])(\s)", r"\1\\\2\3", line) for line in lines]
    return "  \n".join(lines)


def _cell(text: str) -> str:
    return escape(text).replace("  \n", "<br>") or " "


def _table(table: Table) -> list[str]:
    lines = [f"**{escape(table.caption)}**", ""] if table.caption else []
    lines.append("| " + " | ".join(_cell(c) for c in table.columns) + " |")
    lines.append("|" + "|".join(" --- " for _ in table.columns) + "|")
    lines.extend("| " + " | ".join(_cell(v) for v in row) + " |" for row in table.rows)
    return [*lines, ""]


def _block(block: Block) -> list[str]:
    if isinstance(block, Subheading):
        return [f"### {escape(block.text)}", ""]
    if isinstance(block, Paragraph):
        text = escape(block.text)
        return [f"**{text}**" if block.emphasis else text, ""]
    if isinstance(block, Bullets):
        return [*(f"- {escape(item)}" for item in block.items), ""]
    if isinstance(block, Signatures):
        lines: list[str] = []
        for role, name in block.rows:
            label = f"{role}: {name}" if name else role
            lines += [f"**{escape(label)}**", "", "\\_" * 30 + "    " + "\\_" * 12, ""]
        return lines
    if isinstance(block, LineChart):
        # Plain text has no picture: the chart in words, the data table follows it.
        return [f"**{escape(block.title)}**", "", escape(block.description), ""]
    return _table(block)


def _part(document: ExportDocument) -> list[str]:
    lines: list[str] = []
    for line in document.translation_notice:
        lines += [f"> {escape(line)}", ">"]
    if document.translation_notice:
        lines[-1] = ""
    lines += [f"# {escape(document.title)}", "", escape(document.subtitle), ""]
    lines.extend(f"- **{escape(label)}:** {escape(value)}" for label, value in document.facts)
    if document.notice:
        lines.extend(["", f"> **{escape(document.notice)}**"])
    lines.append("")
    for section in document.sections:
        if section.title:
            lines.extend([f"## {escape(section.title)}", ""])
        for block in section.blocks:
            lines.extend(_block(block))
    if document.closing:
        lines += ["---", ""] if document.closing_new_page else []
        for block in document.closing:
            lines.extend(_block(block))
    return lines


def render_markdown(document: ExportDocument) -> bytes:
    lines = _part(document)
    if document.companion is not None:
        lines += ["---", "", *_part(document.companion)]
    return ("\n".join(lines).rstrip() + "\n").encode("utf-8")
