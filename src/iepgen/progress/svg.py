"""A goal's chart as accessible SVG: role="img" with a title and a description that say in
words what the picture shows (the page puts the data table beside it)."""

from __future__ import annotations

from html import escape

from .chart import GoalChart

WIDTH, HEIGHT = 640, 300
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 16, 64  # margins for the axis labels and legend


def _at(point: tuple[float, float]) -> tuple[float, float]:
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    return LEFT + point[0] * plot_w, TOP + (1 - point[1]) * plot_h


def chart_svg(chart: GoalChart, ident: str) -> str:
    """The chart as an `<svg>` element; `ident` makes its title and description ids unique."""
    title_id, desc_id = f"{ident}-title", f"{ident}-desc"
    parts = [
        f'<svg class="progress-chart" role="img" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'aria-labelledby="{title_id} {desc_id}" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{title_id}">{escape(chart.title)}</title>',
        f'<desc id="{desc_id}">{escape(chart.description)}</desc>',
    ]
    bottom = HEIGHT - BOTTOM
    for position, label in chart.y_labels:
        _, y = _at((0, position))
        parts.append(
            f'<line class="grid" x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}"/>'
            f'<text class="axis" x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">'
            f"{escape(label)}</text>"
        )
    for position, label in chart.x_labels:
        x, _ = _at((position, 0))
        parts.append(
            f'<text class="axis" x="{x:.1f}" y="{bottom + 16}" text-anchor="middle">'
            f"{escape(label)}</text>"
        )
    parts.append(
        f'<line class="axis-line" x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{bottom}"/>'
        f'<line class="axis-line" x1="{LEFT}" y1="{bottom}" x2="{WIDTH - RIGHT}" y2="{bottom}"/>'
    )
    for line in chart.lines:
        (x1, y1), (x2, y2) = _at(line.start), _at(line.end)
        kind = "aim" if line.dashed else "trend"
        parts.append(
            f'<line class="{kind}" x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}"/>'
        )
    for point in chart.points:
        x, y = _at(point)
        parts.append(f'<circle class="point" cx="{x:.1f}" cy="{y:.1f}" r="4"/>')
    parts.append(_legend(chart, HEIGHT - 18))
    parts.append("</svg>")
    return "".join(parts)


def _legend(chart: GoalChart, y: int) -> str:
    """Line styles differ (dashed, solid, dots), so the legend never rests on colour alone."""
    items = [("point", "Data points")]
    items += [("aim" if line.dashed else "trend", line.label) for line in chart.lines]
    parts = ['<g class="legend" aria-hidden="true">']
    x = LEFT
    for kind, label in items:
        if kind == "point":
            parts.append(f'<circle class="point" cx="{x + 10}" cy="{y - 4}" r="4"/>')
        else:
            parts.append(f'<line class="{kind}" x1="{x}" y1="{y - 4}" x2="{x + 22}" y2="{y - 4}"/>')
        parts.append(f'<text class="axis" x="{x + 28}" y="{y}">{escape(label)}</text>')
        x += 40 + 8 * len(label)
    parts.append("</g>")
    return "".join(parts)
