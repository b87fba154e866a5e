"""The protection module's answer to the monitoring groups' agenda rule "protection_gap" (concord.common.agenda):
the cases where a survivor at high risk is left without an order protecting her."""

from __future__ import annotations

from typing import Any

from django.utils import formats
from django.utils.translation import gettext as _

from concord.common.agenda import AgendaSource
from concord.protection.models import Gap


def open_gaps(cases: Any, since: Any) -> dict[int, str]:
    gaps = Gap.objects.filter(case__in=cases, closed_at__isnull=True).values_list("case_id", "opened_at")
    return {
        case_id: _("Without a protection order since %(day)s")
        % {"day": formats.date_format(opened, "SHORT_DATE_FORMAT")}
        for case_id, opened in gaps
    }


SOURCE = AgendaSource(code="protection_gap", collect=open_gaps)
