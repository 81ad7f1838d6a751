"""Accessible bar charts drawn as SVG on the server.

Each chart is an image with a title and a description (role="img", aria-labelledby),
tells its series apart by pattern as well as colour, prints every value on its bar,
and always sits beside a table of the same numbers. No script, no inline styles.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from markupsafe import Markup, escape

INK = "#0b0c0c"
GREEN = "#00594f"
FONT = 'font-family="arial, sans-serif"'

# (fill, pattern element or None, legend words)
PATTERNS = {
    "solid": (GREEN, None),
    "hatch": (
        "url(#{id}-hatch)",
        '<pattern id="{id}-hatch" width="8" height="8" patternUnits="userSpaceOnUse"'
        ' patternTransform="rotate(45)"><rect width="8" height="8" fill="#ffffff"/>'
        f'<line x1="0" y1="0" x2="0" y2="8" stroke="{GREEN}" stroke-width="4"/></pattern>',
    ),
    "dots": (
        "url(#{id}-dots)",
        '<pattern id="{id}-dots" width="7" height="7" patternUnits="userSpaceOnUse">'
        '<rect width="7" height="7" fill="#ffffff"/>'
        '<circle cx="3.5" cy="3.5" r="2" fill="#1d70b8"/></pattern>',
    ),
    "light": ("#b1b4b6", None),
    "dark": (INK, None),
}


@dataclass
class Series:
    name: str
    values: list[int | float]
    pattern: str = "solid"


def _defs(chart_id: str, patterns: list[str]) -> str:
    defs = [PATTERNS[p][1].format(id=chart_id) for p in dict.fromkeys(patterns) if PATTERNS[p][1]]
    return f"<defs>{''.join(defs)}</defs>" if defs else ""


def _fill(chart_id: str, pattern: str) -> str:
    return PATTERNS[pattern][0].format(id=chart_id)


def _open(chart_id: str, title: str, desc: str, width: int, height: int) -> str:
    return (
        f'<svg class="app-chart" role="img" aria-labelledby="{chart_id}-title {chart_id}-desc"'
        f' viewBox="0 0 {width} {height}" width="{width}" height="{height}" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>'
    )


def _number(value: float) -> str:
    return f"{value:,.1f}".rstrip("0").rstrip(".") if isinstance(value, float) else f"{value:,}"


LEGEND_ROW = 22


def _legend(chart_id: str, series: list[Series], y: int, width: int) -> tuple[str, int]:
    """The key to the series, wrapped onto more rows where the names are too long for one
    (Welsh names are often longer than English). Returns the drawing and its rows."""
    parts, x, rows = [], 10, 1
    for s in series:
        item_w = 30 + 8 * len(s.name)
        if x > 10 and x + item_w - 8 > width:
            x, y, rows = 10, y + LEGEND_ROW, rows + 1
        parts.append(
            f'<rect x="{x}" y="{y}" width="16" height="16" fill="{_fill(chart_id, s.pattern)}"'
            f' stroke="{INK}" stroke-width="1"/>'
            f'<text x="{x + 22}" y="{y + 13}" {FONT} font-size="14" fill="{INK}">{escape(s.name)}</text>'
        )
        x += item_w
    return "".join(parts), rows


def grouped_bars(chart_id: str, title: str, desc: str, categories: list[str], series: list[Series]) -> Markup:
    """Vertical bars, one group per category (a year), one bar per series."""
    top = max([v for s in series for v in s.values] + [1])
    bar, gap, group_gap = 26, 4, 24
    group = len(series) * (bar + gap) + group_gap
    plot_h, left = 200, 12
    width = max(320, left * 2 + group * len(categories))
    legend, legend_rows = _legend(chart_id, series, 6, width)
    legend_h = 34 + LEGEND_ROW * (legend_rows - 1)
    height = legend_h + plot_h + 50
    out = [_open(chart_id, title, desc, width, height), _defs(chart_id, [s.pattern for s in series])]
    out.append(legend)
    base = legend_h + plot_h + 12
    out.append(
        f'<line x1="{left}" y1="{base}" x2="{width - left}" y2="{base}" stroke="{INK}" stroke-width="2"/>'
    )
    for c, category in enumerate(categories):
        x0 = left + c * group + group_gap // 2
        for s_index, s in enumerate(series):
            value = s.values[c]
            h = round(plot_h * value / top) if value else 0
            x = x0 + s_index * (bar + gap)
            out.append(
                f'<rect x="{x}" y="{base - h}" width="{bar}" height="{h}" fill="{_fill(chart_id, s.pattern)}"'
                f' stroke="{INK}" stroke-width="1"/>'
                f'<text x="{x + bar / 2}" y="{base - h - 4}" {FONT} font-size="12" text-anchor="middle"'
                f' fill="{INK}">{_number(value)}</text>'
            )
        centre = x0 + (len(series) * (bar + gap) - gap) / 2
        out.append(
            f'<text x="{centre}" y="{base + 22}" {FONT} font-size="14" text-anchor="middle"'
            f' fill="{INK}">{escape(category)}</text>'
        )
    out.append("</svg>")
    return Markup("".join(out))  # noqa: S704 (every text is escaped above)


def horizontal_bars(
    chart_id: str, title: str, desc: str, rows: list[tuple[str, float]], pattern: str = "solid"
) -> Markup:
    """One labelled bar per row, the value printed after the bar."""
    top = max([v for _, v in rows] + [1])
    label_w, bar_w, row_h = 300, 260, 30
    width, height = label_w + bar_w + 70, max(40, row_h * len(rows) + 10)
    out = [_open(chart_id, title, desc, width, height), _defs(chart_id, [pattern])]
    for i, (label, value) in enumerate(rows):
        y = 5 + i * row_h
        w = round(bar_w * value / top) if value else 0
        short = label if len(label) <= 42 else label[:40] + "…"
        out.append(
            f'<text x="{label_w - 8}" y="{y + 17}" {FONT} font-size="13" text-anchor="end" fill="{INK}">'
            f"{escape(short)}</text>"
            f'<rect x="{label_w}" y="{y}" width="{w}" height="22" fill="{_fill(chart_id, pattern)}"'
            f' stroke="{INK}" stroke-width="1"/>'
            f'<text x="{label_w + w + 6}" y="{y + 16}" {FONT} font-size="13" fill="{INK}">'
            f"{_number(value)}</text>"
        )
    out.append("</svg>")
    return Markup("".join(out))  # noqa: S704 (every text is escaped above)


def statistics_charts(report: object) -> dict[str, Markup]:
    """The statistics page's charts, drawn from the same report as its tables."""
    charts: dict[str, Markup] = {}
    years = [str(c.year) for c in report.by_year]
    if years:
        charts["by_year"] = grouped_bars(
            "chart-by-year",
            _("Questions received, accepted and not accepted, by year"),
            _("Bar chart.")
            + " "
            + "; ".join(
                _(
                    "%(year)s: %(received)s received, %(accepted)s accepted, %(rejected)s not accepted",
                    year=c.year,
                    received=c.received,
                    accepted=c.accepted,
                    rejected=c.rejected,
                )
                for c in report.by_year
            )
            + ".",
            years,
            [
                Series(_("Received"), [c.received for c in report.by_year], "light"),
                Series(_("Accepted"), [c.accepted for c in report.by_year], "solid"),
                Series(_("Not accepted"), [c.rejected for c in report.by_year], "hatch"),
            ],
        )
    if report.grounds:
        charts["grounds"] = horizontal_bars(
            "chart-grounds",
            _("Questions not accepted, by ground"),
            _("Bar chart.") + " " + "; ".join(f"{title}: {count}" for title, count in report.grounds) + ".",
            report.grounds,
            "hatch",
        )
    timed = [t for t in report.timings_by_year if t.to_decision is not None or t.to_answer is not None]
    if timed:
        charts["timings"] = grouped_bars(
            "chart-timings",
            _("Median days from receipt to decision and to published answer, by year received"),
            _("Bar chart.")
            + " "
            + "; ".join(
                _(
                    "%(year)s: %(decision)s days to a decision, %(answer)s days to an answer",
                    year=t.label,
                    decision=_number(t.to_decision or 0),
                    answer=_number(t.to_answer or 0),
                )
                for t in timed
            )
            + ".",
            [t.label for t in timed],
            [
                Series(_("Days to decision"), [t.to_decision or 0 for t in timed], "solid"),
                Series(_("Days to answer"), [t.to_answer or 0 for t in timed], "dots"),
            ],
        )
    if report.written:
        charts["written"] = grouped_bars(
            "chart-written",
            _("Written answers promised at meetings: sent on time, sent late, overdue"),
            _("Bar chart by year due.")
            + " "
            + "; ".join(
                _(
                    "%(year)s: %(on_time)s on time, %(late)s late, %(overdue)s overdue",
                    year=w.year,
                    on_time=w.on_time,
                    late=w.late,
                    overdue=w.overdue,
                )
                for w in report.written
            )
            + ".",
            [str(w.year) for w in report.written],
            [
                Series(_("On time"), [w.on_time for w in report.written], "solid"),
                Series(_("Late"), [w.late for w in report.written], "hatch"),
                Series(_("Overdue"), [w.overdue for w in report.written], "dark"),
            ],
        )
    return charts
