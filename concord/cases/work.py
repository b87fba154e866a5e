"""The case register's work sources: decisions that wait for a supervisor of the owning agency."""

from __future__ import annotations

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from concord.accounts.capabilities import Capability
from concord.cases.choices import PlanStatus
from concord.cases.models import Case
from concord.common.worklist import WorkItem, WorkPage, WorkSource


def _supervisor(user) -> bool:
    return user.has_capability(Capability.APPROVE_CASE_DECISIONS)


def _owned(user):
    agency = user.agency
    return Case.objects.visible_to(user).filter(owning_agency=agency) if agency else Case.objects.none()


def _closures(user, scope: str, limit: int) -> WorkPage:
    cases = _owned(user).filter(closure_requested_at__isnull=False).order_by("closure_requested_at", "pk")
    items = [
        WorkItem(
            title=case.number,
            detail=_("Closure requested on %(date)s")
            % {"date": date_format(localtime(case.closure_requested_at), "SHORT_DATE_FORMAT")},
            url=reverse("cases:case_detail", args=[case.pk]),
            level=case.risk_level,
            level_label=case.get_risk_level_display(),
        )
        for case in cases[:limit]
    ]
    return WorkPage(items=items, count=cases.count())


def _plans(user, scope: str, limit: int) -> WorkPage:
    cases = _owned(user).filter(plan__status=PlanStatus.SUBMITTED).order_by("pk")
    items = [
        WorkItem(
            title=case.number,
            detail=_("Case plan awaits approval"),
            url=reverse("cases:case_tab", args=[case.pk, "plan"]),
            level=case.risk_level,
            level_label=case.get_risk_level_display(),
        )
        for case in cases[:limit]
    ]
    return WorkPage(items=items, count=cases.count())


def _duplicates(user, scope: str, limit: int) -> WorkPage:
    from concord.cases.selectors import open_duplicates_for

    pairs = open_duplicates_for(user)
    agency_id = user.agency.pk if user.agency else None
    items = []
    for pair in pairs[:limit]:
        own = pair.person if pair.person.registered_by_agency_id == agency_id else pair.candidate
        items.append(
            WorkItem(
                title=_("Same person") if pair.band == "same" else _("Possibly the same person"),
                detail=_("Found on %(date)s") % {"date": date_format(localtime(pair.found_at), "SHORT_DATE_FORMAT")},
                url=reverse("cases:person_detail", args=[own.pk]),
            )
        )
    return WorkPage(items=items, count=pairs.count())


SOURCES = (
    WorkSource(
        name="closure_approvals",
        label=gettext_lazy("Closures to approve"),
        collect=_closures,
        applies=_supervisor,
        order=20,
    ),
    WorkSource(
        name="plan_approvals",
        label=gettext_lazy("Case plans to approve"),
        collect=_plans,
        applies=_supervisor,
        order=30,
    ),
    WorkSource(
        name="possible_duplicates",
        label=gettext_lazy("Possible duplicates to review"),
        collect=_duplicates,
        applies=_supervisor,
        order=35,
    ),
)
