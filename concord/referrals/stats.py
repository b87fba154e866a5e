"""The referral module's indicators (concord.stats.catalogue): how the National Referral Mechanism performs, by
service type and receiving agency kind. Registered in ReferralsConfig.ready()."""

from __future__ import annotations

from typing import Any

from django.db.models import Case, CharField, F, Q, Value, When
from django.utils.translation import gettext_lazy as _

from concord.referrals.choices import Outcome, ReferralState
from concord.referrals.models import Referral, ServiceType
from concord.stats.catalogue import Breakdown, Filters, Indicator, by_field, register, register_date, survivor_through
from concord.stats.indicators import EVERY_DIMENSION

SOURCE = "National Referral Mechanism"

FIRST_CONTACT = (
    ("in_time", _("First contact in time")),
    ("late", _("First contact late")),
    ("none", _("No first contact recorded")),
)

register_date("sent", _("date the referral was sent"))


def _first_contact(indicator: Indicator) -> Case:
    return Case(
        When(
            Q(first_contact_at__isnull=False) & Q(first_contact_at__lte=F("first_contact_due_at")),
            then=Value("in_time"),
        ),
        When(first_contact_at__isnull=False, then=Value("late")),
        default=Value("none"),
        output_field=CharField(),
    )


def _service_types(filters: Filters) -> list[tuple[Any, Any]]:
    return [
        (service.code, service.name)
        for service in ServiceType.objects.filter(country__code=filters.country_code.lower()).order_by("sector", "pk")
    ]


def _referral_indicator(code: str, name: Any, definition: Any, breakdown: Breakdown) -> Indicator:
    return register(
        Indicator(
            code=code,
            name=name,
            definition=definition,
            unit=_("referrals"),
            source=SOURCE,
            rows=Referral.objects.all,
            dates={"sent": "sent_at"},
            territory="territory",
            agency_kind="to_agency__kind__code",
            survivor=survivor_through("case"),
            breakdown=breakdown,
            dimensions=EVERY_DIMENSION,
        )
    )


_referral_indicator(
    "referrals-by-service-type",
    _("Referrals sent, by service type"),
    _("Referrals sent between agencies, by the type of service asked for. The agency kind is the receiver's."),
    by_field(_("service type"), "service_type__code", _service_types),
)

_referral_indicator(
    "referrals-by-state",
    _("Referrals by what became of them"),
    _(
        "Referrals sent, by their state now: still waiting for an answer, accepted, declined, completed, revoked "
        "by the sender, passed to another agency, or expired unanswered."
    ),
    by_field(_("state"), "state", ReferralState.choices),
)

_referral_indicator(
    "referrals-first-contact",
    _("Referrals: first contact within the deadline"),
    _(
        "Referrals sent, by whether the receiving agency recorded its first contact with the survivor within the "
        "deadline the country's rules set for the urgency of the referral."
    ),
    Breakdown(_("first contact"), _first_contact, lambda filters: list(FIRST_CONTACT)),
)

_referral_indicator(
    "referrals-by-outcome",
    _("Referrals by outcome"),
    _("Referrals sent, by the outcome the receiving agency recorded when it completed them."),
    by_field(_("outcome"), "outcome", [*Outcome.choices, ("", _("Not completed"))]),
)
