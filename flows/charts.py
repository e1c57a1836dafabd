"""Charts drawn on the server as inline SVG (the review page runs no script): the discipline report's
stacked bars, one per municipality."""
from __future__ import annotations

from html import escape

from warehouse.discipline import HEADERS, OUTCOMES, Line

COLOURS = {"on_time": "#2e7d32", "late": "#f0a000", "overdue": "#c62828", "open": "#9e9e9e"}
LABEL_W, BAR_W, ROW_H, TOP = 250, 560, 22, 34


def discipline_svg(lines: list[Line]) -> str:
    """Horizontal bars: each line's occurrences split into on time, late, overdue and open, to one scale."""
    most = max((x.assigned for x in lines), default=0) or 1
    height = TOP + ROW_H * len(lines) + 10
    legend, x = [], 10
    for k in OUTCOMES:        # the legend, on one line above the bars (7 px a letter at 12 px)
        legend.append(f'<rect x="{x}" y="6" width="12" height="12" fill="{COLOURS[k]}"/>'
                      f'<text x="{x + 16}" y="16">{escape(HEADERS[k])}</text>')
        x += 16 + 7 * len(HEADERS[k]) + 14
    width = max(LABEL_W + BAR_W + 60, x)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" font-family="system-ui, sans-serif" font-size="12">',
           "<title>Исполнительская дисциплина по муниципалитетам</title>", *legend]
    for i, line in enumerate(lines):
        y = TOP + ROW_H * i
        out.append(f'<text x="{LABEL_W - 6}" y="{y + 14}" text-anchor="end">{escape(line.name[:40])}</text>')
        x = LABEL_W
        for k in OUTCOMES:
            w = BAR_W * line.counts[k] / most
            if w:
                out.append(f'<rect x="{x:.1f}" y="{y + 3}" width="{w:.1f}" height="{ROW_H - 6}" fill="{COLOURS[k]}">'
                           f'<title>{escape(HEADERS[k])}: {line.counts[k]}</title></rect>')
            x += w
        out.append(f'<text x="{x + 4:.1f}" y="{y + 14}">{line.assigned}</text>')
    out.append("</svg>")
    return "".join(out)
