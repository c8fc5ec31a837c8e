"""Column widths that never break a header inside a word, for both PDF and DOCX.

A table's widths are relative; a narrow column ("Minutes" in an eight-column service
table) used to be squeezed until Word and the PDF broke its header mid-word
("Minut es"). Here each column is first given at least the width of the longest word of
its header (and of short words in its cells), then the rest of the width is shared in
proportion to the relative widths.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

# Body words longer than this may wrap inside the word (a URL, a pasted code): reserving
# room for them would starve every other column. 18 keeps whole the long words IEPs use
# ("transcriptionist", "paraprofessional", "interdisciplinary").
LONGEST_KEPT_WORD = 18


def column_widths(
    total: float,
    relative: Sequence[float],
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    header_width: Callable[[str], float],
    body_width: Callable[[str], float],
    padding: float,
) -> list[float]:
    """Absolute widths summing to `total`, each at least its longest header word."""
    minimums = []
    for index, header in enumerate(headers):
        words = header.split() or [""]
        need = max(header_width(word) for word in words)
        for row in rows:
            for word in row[index].split():
                if len(word) <= LONGEST_KEPT_WORD:
                    need = max(need, body_width(word))
        minimums.append(need + 2 * padding)
    scale = sum(relative) or 1.0
    widths = [total * r / scale for r in relative]
    if sum(minimums) >= total:
        # Not even the words fit: share the width in proportion to what each column needs.
        need_total = sum(minimums)
        return [total * m / need_total for m in minimums]
    for _ in range(len(widths)):
        short = [i for i, w in enumerate(widths) if w < minimums[i] - 1e-6]
        if not short:
            break
        for i in short:
            widths[i] = minimums[i]
        fixed = set(short) | {i for i, w in enumerate(widths) if w <= minimums[i] + 1e-6}
        free = [i for i in range(len(widths)) if i not in fixed]
        remaining = total - sum(widths[i] for i in fixed)
        free_scale = sum(relative[i] for i in free) or 1.0
        for i in free:
            widths[i] = remaining * relative[i] / free_scale
    return widths
