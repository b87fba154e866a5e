"""The monitoring-group module's indicators (concord.stats.catalogue): the cases groups discussed and what became
of the actions they assigned, the figures of selectors.group_figures for the whole country. Registered in
GroupsConfig.ready()."""

from __future__ import annotations

from typing import Any

from django.db.models import BooleanField, Case, CharField, Exists, F, OuterRef, Q, Value, When
from django.utils.translation import gettext_lazy as _

from concord.cases.choices import ParticipantRole
from concord.cases.models import Participant
from concord.groups.choices import ActionStatus, AgendaReason
from concord.groups.models import Action, AgendaItem
from concord.stats.catalogue import Breakdown, Indicator, by_field, register, register_date, survivor_through
from concord.stats.indicators import EVERY_DIMENSION

SOURCE = "Monitoring groups"

register_date("meeting", _("date of the meeting"))
register_date("due", _("due date of the action"))

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


def _action_indicator(code: str, name: Any, definition: Any, breakdown: Breakdown) -> Indicator:
    return register(
        Indicator(
            code=code,
            name=name,
            definition=definition,
            unit=_("actions"),
            source=SOURCE,
            rows=Action.objects.all,
            dates={"due": "due_on"},
            territory="group__territory",
            agency_kind="owner__kind__code",
            survivor=survivor_through("case"),
            breakdown=breakdown,
            dimensions=EVERY_DIMENSION,
        )
    )


_action_indicator(
    code="groups-actions",
    name=_("Actions assigned by monitoring groups"),
    definition=_(
        "Actions a monitoring group assigned to an agency, due in the period, by their state: open, done, or "
        "not done. The agency kind is the owner agency's."
    ),
    breakdown=by_field(_("state"), "status", ActionStatus.choices),
)


def _discussed() -> Any:
    return AgendaItem.objects.filter(meeting__held_at__isnull=False, discussed=True)


def _discussed_indicator(code: str, name: Any, definition: Any, breakdown: Breakdown) -> Indicator:
    return register(
        Indicator(
            code=code,
            name=name,
            definition=definition,
            unit=_("cases discussed"),
            source=SOURCE,
            rows=_discussed,
            dates={"meeting": "meeting__held_at"},
            territory="meeting__group__territory",
            survivor=survivor_through("case"),
            breakdown=breakdown,
            dimensions=("period", "territory", "sex", "age_band", "disability"),
        )
    )


def _yes_no(label: Any, condition: Any, yes: Any, no: Any) -> Breakdown:
    return Breakdown(
        label,
        lambda indicator: Case(When(condition(), then=Value(True)), default=Value(False), output_field=BooleanField()),
        lambda filters: [(True, yes), (False, no)],
    )


_discussed_indicator(
    code="groups-cases-repeat",
    name=_("Cases discussed again after a repeat incident"),
    definition=_(
        "Cases a monitoring group discussed at a meeting held in the period, by whether a repeat incident was among "
        "the reasons they were on the agenda. A case discussed at two meetings counts twice."
    ),
    # The reasons are a JSON list of {code, detail}; the code written with its key matches only itself.
    breakdown=_yes_no(
        _("repeat incident"),
        lambda: Q(reasons__icontains=f'"code": "{AgendaReason.REPEAT.value}"'),
        _("After a repeat incident"),
        _("For another reason"),
    ),
)

_discussed_indicator(
    code="groups-cases-children",
    name=_("Cases discussed with children in the family"),
    definition=_(
        "Cases a monitoring group discussed at a meeting held in the period, by whether children are among the "
        "case's participants. A case discussed at two meetings counts twice."
    ),
    breakdown=_yes_no(
        _("children"),
        lambda: Exists(Participant.objects.filter(case=OuterRef("case"), role=ParticipantRole.CHILD)),
        _("With children"),
        _("Without children"),
    ),
)

ACTION_OUTCOMES = (
    ("in_time", _("Done by the due date")),
    ("late", _("Done after the due date")),
    ("not_done", _("Not done")),
    ("open", _("Still open")),
)

_action_indicator(
    code="groups-actions-in-time",
    name=_("Monitoring-group actions done in time"),
    definition=_(
        "Actions a monitoring group assigned, due in the period, by whether the owner agency closed them as done "
        "by their due date, done later, not done, or has not closed them yet. The agency kind is the owner "
        "agency's."
    ),
    breakdown=Breakdown(
        _("outcome"),
        lambda indicator: Case(
            When(status=ActionStatus.DONE, closed_at__date__lte=F("due_on"), then=Value("in_time")),
            When(status=ActionStatus.DONE, then=Value("late")),
            When(status=ActionStatus.OPEN, then=Value("open")),
            default=Value("not_done"),
            output_field=CharField(),
        ),
        lambda filters: list(ACTION_OUTCOMES),
    ),
)
