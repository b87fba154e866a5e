"""The programmes module's indicators (concord.stats.catalogue): perpetrators sent to programmes, how their
enrolments ended (the completion rate), re-offending after completion, trainings held and people trained, and the
awareness campaigns' activities and the people they reached. Registered in ProgrammesConfig.ready()."""

from __future__ import annotations

import dataclasses
import datetime

from django.db.models import Case, CharField, Exists, OuterRef, Value, When
from django.utils.translation import gettext_lazy as _

from concord.cases.choices import ParticipantRole
from concord.cases.models import Incident
from concord.programmes.choices import ENDED, Audience, Basis, Channel, EnrolmentStatus
from concord.programmes.models import CampaignActivity, Enrolment, Trainee, TrainingSession
from concord.stats.catalogue import Breakdown, Indicator, by_field, register, register_date, survivor_through
from concord.stats.indicators import EVERY_DIMENSION

SOURCE = "Concord: perpetrator programmes"
# The follow-up of a completed programme: a new incident within this time after completion counts as re-offending.
# A definition of the indicator (as the 12 months of the MARAC repeat), not a legal number.
FOLLOW_UP = datetime.timedelta(days=365)
REOFFENDING = (("reoffended", _("New incident within 12 months")), ("none", _("No new incident recorded")))

register_date("requirement", _("date the programme was required"))
register_date("programme_end", _("date the enrolment ended"))


def _enrolment_indicator(code: str, name, definition, unit, rows, dates: dict[str, str], breakdown) -> Indicator:
    return register(
        Indicator(
            code=code,
            name=name,
            definition=definition,
            unit=unit,
            source=SOURCE,
            rows=rows,
            dates=dates,
            territory="territory",
            agency_kind="requesting_agency__kind__code",
            survivor=survivor_through("case"),
            breakdown=breakdown,
            dimensions=EVERY_DIMENSION,
        )
    )


_enrolment_indicator(
    "programme-enrolments",
    _("Perpetrators sent to programmes"),
    _(
        "Alleged perpetrators required or asked to attend a perpetrator programme, by why: a condition of a "
        "protection order, a court decision, a referral by an agency, or his own agreement. Counted by the day the "
        "programme was required; the agency kind is that of the agency that asked (for an order, its issuer)."
    ),
    _("enrolments"),
    Enrolment.objects.all,
    {"requirement": "required_at"},
    by_field(_("basis"), "basis", Basis.choices),
)

_enrolment_indicator(
    "programme-outcomes",
    _("Programme outcomes and completion rate"),
    _(
        "Enrolments that ended, by how: completed, dropped out, excluded, declined by the provider, or withdrawn. "
        "The completion rate is the completed among those that began (completed, dropped out and excluded). "
        "Counted by the day the enrolment ended."
    ),
    _("enrolments"),
    lambda: Enrolment.objects.filter(status__in=list(ENDED), ended_at__isnull=False),
    {"programme_end": "ended_at"},
    by_field(_("outcome"), "status", [(status, EnrolmentStatus(status).label) for status in ENDED]),
)


def _reoffended(indicator: Indicator) -> Case:
    """Whether an incident by the same person (named among its alleged perpetrators, or in a case where he is the
    alleged perpetrator and the incident names none) occurred within the follow-up after completion."""
    person = OuterRef("participant__person")
    within = Incident.objects.filter(
        occurred_at__gt=OuterRef("ended_at"), occurred_at__lte=OuterRef("ended_at") + FOLLOW_UP
    )
    # Two tests rather than one with OR: each reads along its own index (the person's participations).
    named = within.filter(perpetrators__person=person)
    unnamed = within.filter(
        perpetrators=None,
        case__participants__person=person,
        case__participants__role=ParticipantRole.ALLEGED_PERPETRATOR,
    )
    return Case(
        When(Exists(named) | Exists(unnamed), then=Value("reoffended")), default=Value("none"), output_field=CharField()
    )


_enrolment_indicator(
    "programme-reoffending",
    _("Re-offending after a completed programme"),
    _(
        "Perpetrators who completed a programme, by whether a new incident of violence by them was recorded within "
        "12 months of the completion, in any case. Counted by the day of the completion: completions of the last "
        "12 months are still being followed, and an incident recorded later is counted when it is recorded."
    ),
    _("perpetrators who completed a programme"),
    lambda: Enrolment.objects.filter(status=EnrolmentStatus.COMPLETED, ended_at__isnull=False),
    {"programme_end": "ended_at"},
    Breakdown(_("after completion"), _reoffended, lambda filters: list(REOFFENDING)),
)

register_date("training", _("date of the training"))
TRAINING_DIMENSIONS = ("period", "territory", "agency_kind")
AUDIENCES = by_field(_("audience"), "session__plan__audience", Audience.choices)

register(
    Indicator(
        code="trainings-held",
        name=_("Trainings held"),
        definition=_(
            "Training sessions held under the agencies' training plans, by the plan's audience. Counted by the day "
            "of the training; the agency kind is that of the agency whose plan it is."
        ),
        unit=_("trainings"),
        source=SOURCE,
        rows=TrainingSession.objects.all,
        dates={"training": "starts_at"},
        territory="plan__territory",
        agency_kind="plan__owner__kind__code",
        breakdown=by_field(_("audience"), "plan__audience", Audience.choices),
        dimensions=TRAINING_DIMENSIONS,
    )
)

register(
    Indicator(
        code="trainings-participants",
        name=_("People trained"),
        definition=_(
            "Participations in trainings, by the plan's audience: each person present at a training counts once "
            "for it. Counted by the day of the training; the agency kind is the participant's."
        ),
        unit=_("participations"),
        source=SOURCE,
        rows=lambda: Trainee.objects.filter(attended=True),
        dates={"training": "session__starts_at"},
        territory="session__plan__territory",
        agency_kind="agency_kind",
        breakdown=AUDIENCES,
        dimensions=TRAINING_DIMENSIONS,
    )
)

register_date("activity", _("date of the activity"))

CAMPAIGN_ACTIVITIES = register(
    Indicator(
        code="campaign-activities",
        name=_("Awareness campaign activities"),
        definition=_(
            "Activities of the awareness campaigns, by channel. Counted by the day the activity began; the agency "
            "kind is that of the agency whose programme it is."
        ),
        unit=_("activities"),
        source=SOURCE,
        rows=CampaignActivity.objects.all,
        dates={"activity": "starts_on"},
        territory="territory",
        agency_kind="campaign__programme__owner__kind__code",
        breakdown=by_field(_("channel"), "channel", Channel.choices),
        dimensions=TRAINING_DIMENSIONS,
    )
)

# The same rows, their reach added up.
register(
    dataclasses.replace(
        CAMPAIGN_ACTIVITIES,
        code="campaign-reach",
        name=_("People reached by awareness campaigns"),
        definition=_(
            "The people the awareness campaigns' activities reached, as each activity recorded them (an audience, "
            "listeners, views, visitors), added up by channel. A person reached by two activities is counted twice. "
            "Counted by the day the activity began; the agency kind is that of the agency whose programme it is."
        ),
        unit=_("people reached"),
        summed="reach",
    )
)
