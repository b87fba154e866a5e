"""The referrals app's work source: referrals waiting for the user's agency, the next deadline first."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from concord.accounts.capabilities import Capability
from concord.common.worklist import WorkItem, WorkPage, WorkSource
from concord.referrals import selectors
from concord.referrals.choices import ReferralState


def _detail(referral) -> str:
    if referral.due_at is None:
        return _("Accepted; record the outcome when the work is done")
    due = date_format(timezone.localtime(referral.due_at), "SHORT_DATETIME_FORMAT")
    if referral.state == ReferralState.SENT:
        text = _("%(service)s: answer by %(due)s")
    else:
        text = _("%(service)s: first contact by %(due)s")
    return text % {"service": referral.service_type.name, "due": due}


def _incoming(user, scope: str, limit: int) -> WorkPage:
    rows, count = selectors.incoming_page(user, limit)
    items = [
        WorkItem(
            title=referral.case.number,
            detail=_detail(referral),
            url=reverse("referrals:referral_detail", args=[referral.pk]),
            due_on=timezone.localtime(referral.due_at).date() if referral.due_at else None,
            overdue=referral.is_overdue,
            level=referral.case.risk_level,
            level_label=referral.case.get_risk_level_display(),
        )
        for referral in rows
    ]
    return WorkPage(items=items, count=count, more_url=reverse("referrals:incoming"))


SOURCES = (
    WorkSource(
        name="referrals_incoming",
        label=gettext_lazy("Referrals to answer"),
        collect=_incoming,
        applies=lambda user: user.has_capability(Capability.EDIT_CASES),
        order=5,
    ),
)
