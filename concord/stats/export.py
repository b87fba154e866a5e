"""The files of published numbers: a table as CSV or XLSX, the yearly report as a PDF with its charts drawn as SVG
(WeasyPrint renders them; no browser is needed to draw Chart.js). Every number comes from a PublishedTable, so a
file shows exactly what the pages show: a hidden cell stays hidden."""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from concord.stats import catalogue
from concord.stats.report import ReportSection, counted_at
from concord.stats.selectors import PublishedTable

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def table_rows(table: PublishedTable) -> list[list[str]]:
    """The table as rows of text, heading first and totals last, as published."""
    breakdown = str(table.indicator.breakdown.label) if table.indicator.breakdown else ""
    columns = [label for _key, label in table.columns] if table.split else []
    rows = [[breakdown, *columns, _("Total")]]
    rows.extend(
        [row.label, *([cell.text for cell in row.cells] if table.split else []), row.total.text] for row in table.rows
    )
    totals = [cell.text for cell in table.column_totals] if table.column_totals and table.split else [""] * len(columns)
    rows.append([_("Total"), *totals, table.grand_total.text])
    return rows


def notes(table: PublishedTable) -> list[str]:
    """What a reader of the file must know beside the numbers: the definition, the basis and the suppression."""
    lines = [
        str(table.indicator.definition),
        _("Counted by %(date)s, %(start)s to %(end)s.")
        % {
            "date": catalogue.date_label(table.counted_by),
            "start": table.filters.start.isoformat(),
            "end": (table.filters.end - datetime.timedelta(days=1)).isoformat(),
        },
        _(
            "Counts from 1 to %(largest)s are shown as “<%(threshold)s”. Cells marked “x” are hidden as well, so "
            "that a small count cannot be worked out from the totals."
        )
        % {"largest": table.largest_hidden, "threshold": table.threshold},
    ]
    if table.filters.consent_required:
        lines.append(
            _("Left out for want of the survivor's consent to statistical use: %(n)s.") % {"n": table.left_out.text}
        )
    return lines


def table_csv(table: PublishedTable) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(table_rows(table))
    return out.getvalue().encode()


def table_xlsx(table: PublishedTable) -> bytes:
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet(table.indicator.code[:31])
    bold = book.add_format({"bold": True})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    sheet.write(0, 0, str(table.indicator.name), book.add_format({"bold": True, "font_size": 13}))
    if table.split:
        sheet.write(1, 0, f"{_('split by')}: {table.by_label}")
    rows = table_rows(table)
    first = 3
    for number, row in enumerate(rows):
        for column, text in enumerate(row):
            # Shown counts are numbers a spreadsheet can sum; hidden ones stay the text they are published as.
            value: Any = int(text) if text.isdigit() else text
            sheet.write(first + number, column, value, bold if number in (0, len(rows) - 1) or column == 0 else None)
    sheet.set_column(0, 0, 42)
    sheet.set_column(1, len(rows[0]), 12)
    line = first + len(rows) + 1
    for text in notes(table):
        sheet.merge_range(line, 0, line, max(4, len(rows[0]) - 1), text, wrap)
        sheet.set_row(line, 45)
        line += 1
    book.close()
    return buffer.getvalue()


# The yearly report -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Bar:
    label: str
    value: int | None  # None when hidden
    text: str


def bar_chart(table: PublishedTable, width: int = 640) -> str:
    """A horizontal bar chart of the table's row totals as SVG. A hidden total gets no bar, only its mark."""
    bars = [Bar(row.label, row.total.value, row.total.text) for row in table.rows]
    largest = max([bar.value or 0 for bar in bars] + [1])
    row_height, label_width = 16, 230
    height = row_height * len(bars) + 4
    scale = (width - label_width - 60) / largest
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'font-family="DejaVu Sans, sans-serif" font-size="9">'
    ]
    for index, bar in enumerate(bars):
        y = index * row_height + 2
        label = _escape(bar.label if len(bar.label) <= 48 else bar.label[:46] + "…")
        parts.append(f'<text x="{label_width - 6}" y="{y + 11}" text-anchor="end">{label}</text>')
        length = (bar.value or 0) * scale
        if length:
            parts.append(
                f'<rect x="{label_width}" y="{y + 2}" width="{length:.1f}" height="{row_height - 5}" fill="#2b6cb0"/>'
            )
        parts.append(f'<text x="{label_width + length + 4:.1f}" y="{y + 11}">{_escape(bar.text)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@dataclass(frozen=True)
class Grid:
    """A table as printed: its corner, column headings, body rows (a label, then texts) and totals row."""

    corner: str
    headings: list[str]
    body: list[list[str]]
    totals: list[str]


def grid(table: PublishedTable) -> Grid:
    """The table the way round that fits a page: a split into more parts than the indicator has categories (the
    regions) becomes the rows."""
    rows = table_rows(table)
    corner, *headings = rows[0]
    if not table.split or len(table.columns) <= len(table.rows):
        return Grid(corner, headings, rows[1:-1], rows[-1])
    flipped = [list(column) for column in zip(*rows, strict=True)]
    # The first flipped row is the headings (breakdown label, the categories, "Total").
    return Grid(table.by_label.capitalize(), flipped[0][1:], flipped[1:-1], flipped[-1])


def yearly_pdf(
    sections: list[ReportSection], *, country_name: str, year: int, progress: Callable[[int], None] | None = None
) -> bytes:
    from weasyprint import HTML

    charts = {}
    for number, section in enumerate(sections):
        if section.tables:
            # Every table of a section has the same row totals: the chart draws them once.
            charts[section.indicator.code] = bar_chart(section.tables[0])
        if progress:
            progress(60 + 20 * (number + 1) // max(1, len(sections)))
    html = render_to_string(
        "stats/yearly_report.html",
        {
            "sections": [
                (section, charts.get(section.indicator.code, ""), [(table, grid(table)) for table in section.tables])
                for section in sections
            ],
            "country_name": country_name,
            "year": year,
            "made_at": timezone.now(),
            "counted_at": counted_at(sections),
            "threshold": sections[0].tables[0].threshold if sections and sections[0].tables else 5,
        },
    )
    return HTML(string=html).write_pdf()
