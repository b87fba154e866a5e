"""The risk module's work sources: reassessments due or overdue, and lower levels awaiting a supervisor."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from concord.accounts.capabilities import CASE_READER_CAPABILITIES, Capability
from concord.cases.models import Case
from concord.cases.selectors import DUE_OR_OVERDUE, reassessment_cases_today, work_cases
from concord.common.worklist import MINE, WorkItem, WorkPage, WorkSource
from concord.countries.clock import country_today
from concord.risk.choices import Lowering
from concord.risk.models import Assessment


def _reassessments(user, scope: str, limit: int) -> WorkPage:
    due = reassessment_cases_today(Case.objects.all(), DUE_OR_OVERDUE)
    cases = work_cases(user, scope, due).order_by("next_risk_review_on", "pk")
    items = []
    for case in cases.select_related("territory")[:limit]:
        due_on = case.next_risk_review_on
        assert due_on is not None  # reassessment_cases_today filters on it
        overdue = due_on < country_today(case.territory.country_code)
        detail = _("Overdue since %(date)s") % {"date": date_format(due_on, "SHORT_DATE_FORMAT")} if overdue else ""
        detail = detail or _("Due today")
        items.append(
            WorkItem(
                title=case.number,
                detail=detail,
                url=reverse("risk:assessment_create", args=[case.pk]),
                due_on=case.next_risk_review_on,
                overdue=overdue,
                level=case.risk_level,
                level_label=case.get_risk_level_display(),
            )
        )
    query = {"reassessment": DUE_OR_OVERDUE} | ({"lead_worker": user.pk} if scope == MINE else {})
    return WorkPage(items=items, count=cases.count(), more_url=f"{reverse('cases:case_list')}?{urlencode(query)}")


def _lowerings(user, scope: str, limit: int) -> WorkPage:
    agency = user.agency
    pending = (
        Assessment.objects.visible_to(user)
        .filter(lowering=Lowering.PENDING, case__owning_agency=agency)
        .exclude(assessor=user)
        .select_related("case")
        .order_by("assessed_at", "pk")
    )
    items = [
        WorkItem(
            title=assessment.case.number,
            detail=_("Lower level (%(level)s) awaits your confirmation")
            % {"level": assessment.get_final_level_display()},
            url=reverse("risk:assessment_detail", args=[assessment.case_id, assessment.pk]),
            level=assessment.case.risk_level,
            level_label=assessment.case.get_risk_level_display(),
        )
        for assessment in pending[:limit]
    ]
    return WorkPage(items=items, count=pending.count())


SOURCES = (
    WorkSource(
        name="reassessments",
        label=gettext_lazy("Risk reassessments"),
        collect=_reassessments,
        applies=lambda user: any(user.has_capability(c) for c in CASE_READER_CAPABILITIES),
        order=10,
    ),
    WorkSource(
        name="lowering_confirmations",
        label=gettext_lazy("Lower risk levels to confirm"),
        collect=_lowerings,
        applies=lambda user: user.has_capability(Capability.APPROVE_CASE_DECISIONS),
        order=15,
    ),
)
