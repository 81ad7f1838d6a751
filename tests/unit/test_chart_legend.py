"""A chart's key stays inside the chart however long the series' names are (Welsh names
are longer than English ones)."""

from __future__ import annotations

import html
import re

from portal.web.archive.charts import Series, grouped_bars

LEGEND_TEXT = r'<text x="(\d+)" y="(\d+)" [^>]*font-size="14" fill="#0b0c0c">([^<]+)</text>'


def _legend_items(svg: str) -> list[tuple[int, int, str]]:
    return [
        (int(x), int(y), html.unescape(name))
        for x, y, name in re.findall(LEGEND_TEXT, svg)
        if not name.isdigit()
    ]


def _chart(names: list[str]) -> str:
    return str(grouped_bars("c", "t", "d", ["2026"], [Series(n, [1], "solid") for n in names]))


def test_short_names_share_one_row():
    items = _legend_items(_chart(["Received", "Accepted", "Not accepted"]))
    assert len({y for _x, y, _n in items}) == 1


def test_long_names_wrap_inside_the_chart_and_the_chart_grows_to_fit():
    svg = _chart(["Wedi dod i law", "Wedi'i dderbyn", "Heb ei dderbyn"])
    width = int(re.search(r'width="(\d+)"', svg).group(1))
    items = _legend_items(svg)
    assert [n for _x, _y, n in items] == ["Wedi dod i law", "Wedi'i dderbyn", "Heb ei dderbyn"]
    assert len({y for _x, y, _n in items}) == 2
    for x, _y, name in items:
        assert x + 8 * len(name) <= width, f"{name} runs off the chart"
    one_row = _chart(["A", "B", "C"])

    def height(chart: str) -> int:
        return int(re.search(r'height="(\d+)"', chart).group(1))

    assert height(svg) > height(one_row)
