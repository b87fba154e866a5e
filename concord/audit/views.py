from __future__ import annotations

import contextlib
import datetime

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render

from concord.accounts.access import AuthenticatedRequest, capability_required
from concord.accounts.capabilities import Capability
from concord.audit.choices import audit_actions
from concord.audit.selectors import audit_event_list


@capability_required(Capability.VIEW_AUDIT_LOG)
def audit_log(request: AuthenticatedRequest) -> HttpResponse:
    events = audit_event_list()
    action = request.GET.get("action", "")
    if action in audit_actions:
        events = events.filter(action=action)
    # Days of the reader's zone (CountryTimeZoneMiddleware), the one the log shows its times in.
    for bound, lookup in (("from", "occurred_at__date__gte"), ("to", "occurred_at__date__lte")):
        with contextlib.suppress(ValueError):
            events = events.filter(**{lookup: datetime.date.fromisoformat(request.GET.get(bound, ""))})
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "audit/audit_log.html",
        {
            "page": page,
            "actions": audit_actions.choices(),
            "action": action,
            "date_from": request.GET.get("from", ""),
            "date_to": request.GET.get("to", ""),
        },
    )
