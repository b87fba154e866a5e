"""The protection module's work source: orders of the user's cases that need someone, a decision overdue or the
end near, most urgent first."""

from __future__ import annotations

import datetime

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from concord.accounts.capabilities import Capability
from concord.cases.models import Case
from concord.cases.selectors import work_cases
from concord.common.worklist import WorkItem, WorkPage, WorkSource
from concord.protection.choices import OrderStatus
from concord.protection.models import Order

EXPIRY_NOTICE = datetime.timedelta(days=7)


def _detail(order: Order) -> str:
    if order.status == OrderStatus.APPLIED:
        due = date_format(timezone.localtime(order.decision_due_at), "SHORT_DATETIME_FORMAT")
        return _("%(measure)s: decision due %(due)s") % {"measure": order.measure.name, "due": due}
    ends = date_format(timezone.localtime(order.ends_at), "SHORT_DATETIME_FORMAT")
    return _("%(measure)s: ends %(ends)s") % {"measure": order.measure.name, "ends": ends}


def _orders(user, scope: str, limit: int) -> WorkPage:
    now = timezone.now()
    cases = work_cases(user, scope, Case.objects.all())
    waiting = Order.objects.filter(
        Q(status=OrderStatus.APPLIED, decision_due_at__isnull=False)
        | Q(
            status__in=[OrderStatus.ISSUED, OrderStatus.IN_FORCE, OrderStatus.APPEALED],
            ends_at__gt=now,
            ends_at__lte=now + EXPIRY_NOTICE,
        ),
        case__in=cases.values("pk"),
    ).select_related("case", "measure")
    rows = list(waiting.order_by("decision_due_at", "ends_at", "pk")[:limit])
    items = []
    for order in rows:
        moment = order.decision_due_at if order.status == OrderStatus.APPLIED else order.ends_at
        items.append(
            WorkItem(
                title=order.case.number,
                detail=_detail(order),
                url=reverse("protection:order_detail", args=[order.pk]),
                due_on=timezone.localtime(moment).date(),
                overdue=order.status == OrderStatus.APPLIED and moment < now,
                level=order.case.risk_level,
                level_label=order.case.get_risk_level_display(),
            )
        )
    count = len(rows) if len(rows) < limit else waiting.count()
    return WorkPage(items=items, count=count, more_url=reverse("protection:register"))


SOURCES = (
    WorkSource(
        name="protection_orders",
        label=gettext_lazy("Protection orders to follow"),
        collect=_orders,
        applies=lambda user: user.has_capability(Capability.EDIT_CASES),
        order=15,
    ),
)
