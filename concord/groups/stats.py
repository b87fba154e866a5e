"""The monitoring-group module's indicators (concord.stats.catalogue): the cases groups discussed and what became
of the actions they assigned. Registered in GroupsConfig.ready()."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from concord.groups.choices import ActionStatus
from concord.groups.models import Action, AgendaItem
from concord.stats.catalogue import Indicator, by_field, register, survivor_through
from concord.stats.indicators import EVERY_DIMENSION

SOURCE = "Monitoring groups"

register(
    Indicator(
        code="groups-cases-discussed",
        name=_("Cases on monitoring-group agendas"),
        definition=_(
            "Cases put on the agenda of a monitoring-group meeting held in the period, by whether the meeting "
            "discussed them. A case on the agendas of two meetings counts twice."
        ),
        unit=_("agenda items"),
        source=SOURCE,
        rows=lambda: AgendaItem.objects.filter(meeting__held_at__isnull=False),
        dates={"meeting": "meeting__held_at"},
        territory="meeting__group__territory",
        survivor=survivor_through("case"),
        breakdown=by_field(_("discussed"), "discussed", [(True, _("Discussed")), (False, _("Not discussed"))]),
        dimensions=("period", "territory", "sex", "age_band", "disability"),
    )
)

register(
    Indicator(
        code="groups-actions",
        name=_("Actions assigned by monitoring groups"),
        definition=_(
            "Actions a monitoring group assigned to an agency, due in the period, by their state: open, done, or "
            "not done. The agency kind is the owner agency's."
        ),
        unit=_("actions"),
        source=SOURCE,
        rows=Action.objects.all,
        dates={"due": "due_on"},
        territory="group__territory",
        agency_kind="owner__kind__code",
        survivor=survivor_through("case"),
        breakdown=by_field(_("state"), "status", ActionStatus.choices),
        dimensions=EVERY_DIMENSION,
    )
)
