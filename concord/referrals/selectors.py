"""Reads of the referrals app. Referrals are case rows: every list goes through `Referral.objects.visible_to`,
every single one through `referral_get_for`; the directory (services, hotlines) is shared reference data that
every signed-in worker of the country may read."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from concord.accounts.models import Agency, User
from concord.cases.models import Case, Consent
from concord.cases.scoping import VIEW, get_for
from concord.cases.selectors import sharing_consents
from concord.referrals.choices import OPEN_STATES, FiringOutcome, ReferralState
from concord.referrals.models import (
    AgencyService,
    ContactAttempt,
    Hotline,
    PathwayFiring,
    PathwayRule,
    Referral,
    ReferralRules,
    ServiceType,
)
from concord.territory.models import Territory
from concord.territory.selectors import territory_prefixes

# ---- the directory -----------------------------------------------------------------------------------------------


def service_types(country_code: str) -> QuerySet[ServiceType]:
    return ServiceType.objects.filter(country__code=country_code, is_active=True)


def services_serving(
    territory: Territory, *, service_type: Any = None, agency_kind: str = ""
) -> QuerySet[AgencyService]:
    """The active services of active agencies that serve `territory` (a service for a region serves its
    districts), optionally of one type and agency kind."""
    services = AgencyService.objects.filter(
        is_active=True,
        agency__is_active=True,
        service_type__is_active=True,
        areas__path__in=territory_prefixes(territory),
        agency__territory__country_code=territory.country_code,
    )
    if service_type is not None:
        services = services.filter(service_type=service_type)
    if agency_kind:
        services = services.filter(agency__kind__code=agency_kind)
    ids = services.values("pk")
    return (
        AgencyService.objects.filter(pk__in=ids)
        .select_related("agency", "agency__kind", "agency__territory", "service_type")
        .order_by("service_type__order", "agency__name_en", "pk")
    )


def directory(country_code: str, *, territory: Territory | None = None, service_type: Any = None, text: str = ""):
    """The directory page: services of the country, narrowed to those serving a territory, of a type, or whose
    agency's name contains `text`."""
    if territory is not None:
        services = services_serving(territory, service_type=service_type)
    else:
        services = (
            AgencyService.objects.filter(
                is_active=True, agency__is_active=True, agency__territory__country_code=country_code
            )
            .select_related("agency", "agency__kind", "agency__territory", "service_type")
            .order_by("service_type__order", "agency__name_en", "pk")
        )
        if service_type is not None:
            services = services.filter(service_type=service_type)
    if text:
        services = services.filter(Q(agency__name_en__icontains=text) | Q(agency__names__icontains=text))
    return services.prefetch_related("areas")


def hotlines(country_code: str) -> QuerySet[Hotline]:
    return Hotline.objects.filter(country__code=country_code)


def service_get(pk: Any, country_code: str) -> AgencyService | None:
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return None
    return (
        AgencyService.objects.filter(pk=pk, agency__territory__country_code=country_code)
        .select_related("agency", "agency__kind", "service_type")
        .first()
    )


# ---- the pack's rules ---------------------------------------------------------------------------------------------


def rules_on(country_code: str, day: datetime.date) -> ReferralRules | None:
    return (
        ReferralRules.objects.filter(country__code=country_code, effective_from__lte=day)
        .order_by("-effective_from")
        .first()
    )


def rules_of(referral: Referral) -> ReferralRules | None:
    """The rules a referral was sent under (its deadlines and escalation do not change when the pack does)."""
    return ReferralRules.objects.filter(
        country__code=referral.territory.country_code, version=referral.rules_version
    ).first()


def pathways_in_force(country_code: str, day: datetime.date, trigger: str) -> list[PathwayRule]:
    """The newest version of each pathway in force on `day` for a trigger."""
    rows = (
        PathwayRule.objects.filter(country__code=country_code, trigger=trigger, effective_from__lte=day)
        .filter(Q(effective_to__isnull=True) | Q(effective_to__gte=day))
        .order_by("code", "-effective_from", "-pk")
    )
    newest: dict[str, PathwayRule] = {}
    for rule in rows:
        newest.setdefault(rule.code, rule)
    return list(newest.values())


def referral_consents(case: Case, agency: Agency) -> list[Consent]:
    """The survivor's consents a referral to `agency` may rest on: to receive services or to share information,
    not withdrawn, for that agency or its kind."""
    from concord.cases.choices import ConsentPurpose, ParticipantRole

    consents = case.consents.filter(
        withdrawn_at__isnull=True,
        purpose__in=[ConsentPurpose.SERVICES, ConsentPurpose.INFORMATION_SHARING],
        participant__role=ParticipantRole.SURVIVOR,
    ).select_related("recipient_agency", "recipient_kind")
    return [consent for consent in consents if consent.covers(agency)]


def case_consents(case: Case) -> QuerySet[Consent]:
    """Every consent a referral form may offer (the server checks the chosen one against the agency)."""
    from concord.cases.choices import ConsentPurpose

    services = case.consents.filter(withdrawn_at__isnull=True, purpose=ConsentPurpose.SERVICES)
    return (sharing_consents(case) | services.select_related("recipient_agency", "recipient_kind")).order_by("pk")


# ---- referrals ----------------------------------------------------------------------------------------------------

REFERRAL_RELATED = ("case", "service_type", "to_agency", "from_agency", "sent_by", "territory")


def referral_get_for(user: User, pk: Any, action: str = VIEW) -> Referral:
    return get_for(Referral.objects.select_related(*REFERRAL_RELATED), user, pk, action)


def case_referrals(user: User, case: Case) -> QuerySet[Referral]:
    return (
        Referral.objects.visible_to(user, among=[case.pk])
        .filter(case=case)
        .select_related("service_type", "to_agency", "from_agency", "sent_by", "pathway")
        .annotate(attempt_count=Count("attempts"))
        .order_by("-sent_at", "-pk")
    )


def case_firings(user: User, case: Case) -> QuerySet[PathwayFiring]:
    """The pathways applied to the case that did not end in a referral (waiting for consent, no agency)."""
    return (
        PathwayFiring.objects.visible_to(user, among=[case.pk])
        .filter(case=case)
        .exclude(outcome=FiringOutcome.REFERRED)
        .select_related("rule")
        .order_by("-fired_at", "-pk")
    )


def attempts_of(referral: Referral) -> QuerySet[ContactAttempt]:
    return referral.attempts.select_related("recorded_by")


def not_reached_count(referral: Referral) -> int:
    from concord.referrals.choices import ContactOutcome

    return referral.attempts.filter(outcome=ContactOutcome.NOT_REACHED).count()


def incoming(user: User) -> QuerySet[Referral]:
    """The open referrals to the user's agency, the next deadline first (overdue ones are the earliest), those
    without one (accepted and contacted) last."""
    agency = user.agency
    if agency is None:
        return Referral.objects.none()
    return (
        Referral.objects.filter(to_agency=agency, state__in=OPEN_STATES)
        .select_related("case", "service_type", "from_agency")
        .order_by(F("due_at").asc(nulls_last=True), "pk")
    )


def incoming_page(user: User, limit: int) -> tuple[list[Referral], int]:
    """The first `limit` of `incoming`, read along its index and then checked against the scope for those cases
    alone, and how many there are in all (what the navigation shows)."""
    queue = incoming(user)
    rows = list(queue[:limit])
    visible = set(Referral.objects.visible_to(user, among={row.case_id for row in rows}).values_list("pk", flat=True))
    return [row for row in rows if row.pk in visible], queue.count()


def incoming_count(user: User) -> int:
    if user.agency is None:
        return 0
    return Referral.objects.filter(to_agency=user.agency, state__in=OPEN_STATES).count()


def outgoing(user: User, state: str = "", *, team: bool = False) -> QuerySet[Referral]:
    """Referrals the user (or, for `team`, their agency) sent, newest first, within the case scope."""
    agency = user.agency
    if agency is None:
        return Referral.objects.none()
    sent = Referral.objects.filter(from_agency=agency)
    if not team:
        sent = sent.filter(sent_by=user)
    if state:
        sent = sent.filter(state=state)
    return sent.visible_to(user).select_related("case", "service_type", "to_agency").order_by("-sent_at", "-pk")


@dataclass
class TeamRow:
    worker: User
    accepted_open: int
    contact_overdue: int
    sent_open: int


def team_view(user: User) -> list[TeamRow]:
    """A supervisor's view: per worker of the agency, the referrals they accepted that are still open (and how
    many of those wait past the first-contact deadline) and those they sent that are still open."""
    from concord.accounts.selectors import case_staff_of

    agency = user.agency
    if agency is None:
        return []
    now = timezone.now()
    accepted = {
        row["answered_by"]: row
        for row in Referral.objects.filter(to_agency=agency, state=ReferralState.ACCEPTED)
        .values("answered_by")
        .annotate(n=Count("pk"), late=Count("pk", filter=Q(due_at__lt=now)))
    }
    sent = dict(
        Referral.objects.filter(from_agency=agency, state__in=OPEN_STATES)
        .values("sent_by")
        .annotate(n=Count("pk"))
        .values_list("sent_by", "n")
    )
    return [
        TeamRow(
            worker=worker,
            accepted_open=accepted.get(worker.pk, {}).get("n", 0),
            contact_overdue=accepted.get(worker.pk, {}).get("late", 0),
            sent_open=sent.get(worker.pk, 0),
        )
        for worker in case_staff_of(agency).order_by("full_name", "pk")
    ]


def territory_performance(user: User, since: datetime.date) -> list[dict[str, Any]]:
    """A coordinator's view of the referrals sent in their jurisdiction since a day: by service type, how many
    were sent, answered in time, accepted, declined, expired and are still waiting."""
    from concord.accounts.selectors import membership_jurisdiction
    from concord.territory.selectors import territory_descendants_q

    membership = user.membership
    if membership is None:
        return []
    units = Territory.objects.filter(territory_descendants_q(membership_jurisdiction(membership))).values("pk")
    start = datetime.datetime.combine(since, datetime.time(), tzinfo=timezone.get_current_timezone())
    rows = (
        Referral.objects.filter(territory__in=units, sent_at__gte=start)
        .values("service_type")
        .annotate(
            sent=Count("pk"),
            in_time=Count("pk", filter=Q(answered_at__lte=F("acknowledge_due_at"))),
            accepted=Count("pk", filter=Q(state__in=[ReferralState.ACCEPTED, ReferralState.COMPLETED])),
            declined=Count("pk", filter=Q(state=ReferralState.DECLINED)),
            expired=Count("pk", filter=Q(state=ReferralState.EXPIRED)),
            waiting=Count("pk", filter=Q(state=ReferralState.SENT)),
        )
        .order_by("service_type")
    )
    types = ServiceType.objects.in_bulk([row["service_type"] for row in rows])
    result = []
    for row in rows:
        row["service_type"] = types[row["service_type"]]
        row["share_in_time"] = round(100 * row["in_time"] / row["sent"]) if row["sent"] else None
        result.append(row)
    return result


def referrals_to_escalate(now: datetime.datetime) -> QuerySet[Referral]:
    """Referrals still waiting for an answer after it was due."""
    return Referral.objects.filter(state=ReferralState.SENT, acknowledge_due_at__lte=now).select_related(
        "territory", "to_agency", "case"
    )


def referrals_due(now: datetime.datetime, within: datetime.timedelta) -> QuerySet[Referral]:
    """Open referrals whose next deadline falls before `now + within` (or has passed)."""
    return Referral.objects.filter(state__in=OPEN_STATES, due_at__lte=now + within).select_related("to_agency", "case")
