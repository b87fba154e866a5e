"""Periodic work of the referrals app, run by `manage.py tick`: reminders of due and overdue referrals to the
receiving agency, escalation of unanswered ones to its supervisors and then to the territory's coordinators as
the pack says, expiry, and the durable half of the pathway handlers. Each job is idempotent (notification keys,
the referral's escalation level, the firing's uniqueness)."""

from __future__ import annotations

import datetime

from concord.accounts.selectors import agency_supervisors, case_staff_of, territory_coordinators
from concord.countries.calendar import period_end, working_calendar
from concord.countries.clock import country_zone
from concord.notifications.services import notify
from concord.referrals import selectors
from concord.referrals.choices import ReferralNotification, ReferralState
from concord.referrals.models import Referral

# How long before its deadline a referral counts as due: a reminder the working day it falls due.
DUE_WITHIN = datetime.timedelta(hours=24)
SUPERVISORS, COORDINATORS = 1, 2


def remind_referrals(now: datetime.datetime) -> int:
    """One reminder to the receiving agency when a referral's next deadline is near, one when it has passed."""
    created = 0
    for referral in selectors.referrals_due(now, DUE_WITHIN).iterator(chunk_size=500):
        assert referral.due_at is not None
        overdue = referral.due_at <= now
        kind = ReferralNotification.REFERRAL_OVERDUE if overdue else ReferralNotification.REFERRAL_DUE
        key = f"{kind}:{referral.pk}:{referral.state}"
        created += len(notify(recipients=case_staff_of(referral.to_agency), kind=kind, case=referral.case, key=key))
    return created


def escalate_referrals(now: datetime.datetime) -> int:
    """An answer overdue by the pack's `supervisor_after` goes to the receiving agency's supervisors; by
    `coordinator_after`, to the coordinators of the case's territory. Both counted from the answer's deadline."""
    created = 0
    rules_cache: dict[tuple[str, str], object] = {}
    for referral in (
        selectors.referrals_to_escalate(now).filter(escalation_level__lt=COORDINATORS).iterator(chunk_size=500)
    ):
        country = referral.territory.country_code
        cache_key = (country, referral.rules_version)
        if cache_key not in rules_cache:
            rules_cache[cache_key] = selectors.rules_of(referral)
        rules = rules_cache[cache_key]
        if rules is None:
            continue
        zone, calendar = country_zone(country), working_calendar(country)
        assert zone is not None
        level = referral.escalation_level
        steps = rules.escalation  # type: ignore[attr-defined]
        if (
            level < SUPERVISORS
            and period_end(referral.acknowledge_due_at, steps["supervisor_after"], calendar, zone) <= now
        ):
            level = SUPERVISORS
            created += len(
                notify(
                    recipients=agency_supervisors(referral.to_agency_id),
                    kind=ReferralNotification.REFERRAL_ESCALATED,
                    case=referral.case,
                    key=f"referral_escalated:{referral.pk}:supervisors",
                )
            )
        if (
            level < COORDINATORS
            and period_end(referral.acknowledge_due_at, steps["coordinator_after"], calendar, zone) <= now
        ):
            level = COORDINATORS
            created += len(
                notify(
                    recipients=territory_coordinators(referral.territory),
                    kind=ReferralNotification.REFERRAL_ESCALATED,
                    case=referral.case,
                    key=f"referral_escalated:{referral.pk}:coordinators",
                )
            )
        if level != referral.escalation_level:
            Referral.objects.filter(pk=referral.pk).update(escalation_level=level)
    return created


def expire_referrals(now: datetime.datetime) -> int:
    from concord.referrals.services import referral_expire

    expired = 0
    waiting = Referral.objects.filter(state=ReferralState.SENT, expires_at__lte=now).order_by("pk")
    for referral in waiting.select_related("case", "to_agency", "from_agency", "sent_by")[:1000]:
        if referral_expire(referral=referral, now=now) is not None:
            expired += 1
    return 0


def close_referrals_without_access(now: datetime.datetime) -> int:
    """Open referrals whose receiver lost the case under them (the survivor withdrew the consent they rested on)
    end as revoked: the receiver must not keep a referral it can no longer open."""
    from concord.referrals.services import referral_close_without_access

    lost = Referral.objects.filter(
        state__in=[ReferralState.SENT, ReferralState.ACCEPTED], involvement__ended_at__isnull=False
    ).select_related("case", "to_agency", "involvement", "sent_by")
    for referral in lost.order_by("pk")[:1000]:
        referral_close_without_access(referral=referral)
    return 0


def apply_pathways(now: datetime.datetime) -> int:
    """Incidents of the last two days whose pathways were not applied (the handler failed or the flags came
    later) get them now; a firing already made is not made again."""
    from concord.cases.models import Incident
    from concord.referrals.pathways import incidents_pathways

    recent = Incident.objects.filter(
        recorded_at__gte=now - datetime.timedelta(days=2), recorded_at__lt=now - datetime.timedelta(minutes=5)
    ).select_related("case__territory", "reporting_agency__kind", "recorded_by")
    for incident in recent.order_by("pk")[:2000]:
        if incident.recorded_by.is_active:
            incidents_pathways(incident, incident.recorded_by)
    return 0
