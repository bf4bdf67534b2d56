"""Server-rendered SVG charts for the dashboard: no JavaScript, no CDN, readable without styles."""

from __future__ import annotations

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString


def bar_chart_svg(
    points: list[tuple[str, int]],
    *,
    title: str,
    width: int = 640,
    height: int = 220,
) -> SafeString:
    """A bar per (label, value), labelled below and valued above, scaled to the largest value."""
    margin_top, margin_bottom, margin_x = 24, 36, 12
    plot_height = height - margin_top - margin_bottom
    slot = (width - 2 * margin_x) / max(len(points), 1)
    bar_width = max(slot * 0.7, 1)
    top = max((value for _label, value in points), default=0) or 1
    bars = []
    for index, (label, value) in enumerate(points):
        bar_height = plot_height * value / top
        x = margin_x + index * slot + (slot - bar_width) / 2
        y = margin_top + plot_height - bar_height
        bars.append(
            (
                f"{x:.1f}",
                f"{y:.1f}",
                f"{bar_width:.1f}",
                f"{bar_height:.1f}",
                f"{label}: {value}",
                f"{x + bar_width / 2:.1f}",
                f"{y - 4:.1f}",
                value,
                f"{height - margin_bottom + 14:.1f}",
                label,
            )
        )
    body = format_html_join(
        "",
        '<g class="fc-bar"><rect x="{0}" y="{1}" width="{2}" height="{3}" rx="2"><title>{4}</title></rect>'
        '<text class="fc-bar-value" x="{5}" y="{6}" text-anchor="middle">{7}</text>'
        '<text class="fc-bar-label" x="{5}" y="{8}" text-anchor="middle">{9}</text></g>',
        bars,
    )
    return format_html(
        '<svg class="fc-chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" role="img" '
        'aria-label="{}"><title>{}</title>'
        '<line class="fc-axis" x1="{}" y1="{}" x2="{}" y2="{}"/>{}</svg>',
        width,
        height,
        title,
        title,
        margin_x,
        margin_top + plot_height,
        width - margin_x,
        margin_top + plot_height,
        body,
    )
