"""The referrals module's answer to the monitoring groups' agenda rule "pathway_proposal" (concord.common.agenda):
the cases a pathway proposed to the group and that no agenda has taken yet; taken once put on one."""

from __future__ import annotations

from typing import Any

from django.utils import formats
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from concord.common.agenda import AgendaSource
from concord.referrals.choices import ProposalState
from concord.referrals.models import GroupProposal


def pending_proposals(cases: Any, since: Any) -> dict[int, str]:
    proposals = GroupProposal.objects.filter(case__in=cases, state=ProposalState.PENDING).order_by("created_at")
    found: dict[int, str] = {}
    for case_id, created, rule_en, names in proposals.values_list(
        "case_id", "created_at", "firing__rule__name_en", "firing__rule__names"
    ):
        name = (names or {}).get(get_language() or "en") or rule_en
        found.setdefault(
            case_id, _("%(rule)s, %(day)s") % {"rule": name, "day": formats.date_format(created, "SHORT_DATE_FORMAT")}
        )
    return found


def take_proposals(case_ids: list[int], actor: Any) -> None:
    GroupProposal.objects.filter(case_id__in=case_ids, state=ProposalState.PENDING).update(state=ProposalState.TAKEN)


SOURCE = AgendaSource(code="pathway_proposal", collect=pending_proposals, taken=take_proposals)
