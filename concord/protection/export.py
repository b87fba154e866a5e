"""The register of protection orders as an XLSX file. It carries case numbers, order types, agencies, dates and
states, never a name; xlsxwriter's constant-memory mode keeps a large register's export flat in memory."""

from __future__ import annotations

import io
import tempfile
from dataclasses import dataclass

import xlsxwriter
from django.db.models import Count, Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from concord.protection.models import Gap, Order

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CHUNK = 2000


@dataclass(frozen=True)
class Export:
    data: bytes
    rows: int


def _local(moment):
    return timezone.localtime(moment).replace(tzinfo=None) if moment else None


def register_xlsx(orders: QuerySet[Order]) -> Export:
    rows = orders.annotate(
        breach_count=Count("breaches", distinct=True),
        has_gap=Exists(Gap.objects.filter(order=OuterRef("pk"), closed_at__isnull=True)),
    )
    with tempfile.TemporaryDirectory() as folder:
        buffer = io.BytesIO()
        book = xlsxwriter.Workbook(buffer, {"constant_memory": True, "tmpdir": folder, "remove_timezone": True})
        sheet = book.add_worksheet(_("Protection orders")[:31])
        moment = book.add_format({"num_format": "yyyy-mm-dd hh:mm"})
        header = [
            _("Case"), _("Territory"), _("Order type"), _("Version of the law"), _("Issued by"), _("Status"),
            _("Applied"), _("Decision due"), _("Decided"), _("Start"), _("End"), _("Breaches"), _("Protection gap"),
        ]  # fmt: skip
        sheet.write_row(0, 0, [str(title) for title in header], book.add_format({"bold": True}))
        count = 0
        for order in rows.iterator(chunk_size=CHUNK):
            count += 1
            sheet.write_row(
                count,
                0,
                [order.case.number, order.territory.name, order.measure.name, order.rules_version, order.issuer.name,
                 str(order.get_status_display())],
            )  # fmt: skip
            for column, value in enumerate(
                (order.applied_at, order.decision_due_at, order.decided_at, order.starts_at, order.ends_at), start=6
            ):
                if value is not None:
                    sheet.write_datetime(count, column, _local(value), moment)
            sheet.write_number(count, 11, order.breach_count)
            sheet.write_string(count, 12, str(_("Yes")) if order.has_gap else "")
        sheet.autofilter(0, 0, count, len(header) - 1)
        book.close()
    return Export(data=buffer.getvalue(), rows=count)
