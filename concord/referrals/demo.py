"""The referrals module's part of the demo (registered in ReferralsConfig.ready()): a demo caseworker in each
agency of the demo district that the pack's pathways refer to, so that the receiving side can be tried, and the
answers those agencies would have given to the demo cases' pathway referrals."""

from __future__ import annotations

import datetime
import random
from functools import partial

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from concord.accounts.choices import Role
from concord.accounts.models import Agency, User
from concord.cases.models import Case, Incident, Participant, TimelineEntry
from concord.countries.models import Country
from concord.referrals import services
from concord.referrals.choices import ReferralState
from concord.referrals.models import PathwayFiring, PathwayRule, Referral


def receiving_users(country: str) -> list[tuple[str, Agency, str, str]]:
    """A caseworker and a supervisor in each agency of the demo district whose kind a pathway refers to."""
    country_obj = Country.objects.filter(code=country).first()
    if country_obj is None or not country_obj.demo_district:
        return []
    kinds = set(
        PathwayRule.objects.filter(country=country_obj).exclude(target_kind="").values_list("target_kind", flat=True)
    )
    district = country_obj.demo_district
    agencies = Agency.objects.filter(kind__code__in=kinds, territory__code=district, is_active=True).select_related(
        "kind"
    )
    users: list[tuple[str, Agency, str, str]] = []
    for agency in agencies.order_by("code"):
        slug = agency.kind.code.replace("_", "-")
        users.append(
            (
                Role.CASEWORKER,
                agency,
                f"caseworker.{slug}.{country}@example.org",
                f"Demo Caseworker ({agency.kind.name_en})",
            )
        )
        users.append(
            (
                Role.SUPERVISOR,
                agency,
                f"supervisor.{slug}.{country}@example.org",
                f"Demo Supervisor ({agency.kind.name_en})",
            )
        )
    return users


def seed_referrals(
    rng: random.Random, actor: User, case: Case, alleged: Participant, opened: datetime.datetime
) -> None:
    """The case's pathway referrals are made once it is committed (the case events); answer them then, in the
    order the events' handlers were scheduled."""
    seed = rng.randint(0, 2**31)
    transaction.on_commit(partial(_answer_case_referrals, case.pk, seed))


def _answer_case_referrals(case_id: int, seed: int) -> None:
    """Date the case's pathway referrals when the incident that fired them was recorded, and answer them as their
    receivers would have: most accepted (with contact attempts, half completed), some declined, a few left
    waiting (the tick expires the old ones) so that the queue and the escalation have something to show."""
    rng = random.Random(seed)  # noqa: S311 - demo data, not secrets
    now = timezone.now()
    for referral in Referral.objects.filter(case_id=case_id, state=ReferralState.SENT).select_related("to_agency"):
        firing = PathwayFiring.objects.filter(referral=referral).first()
        incident_id = firing.event_key.partition(":")[2] if firing and firing.event_key.startswith("incident:") else ""
        recorded = (
            Incident.objects.filter(pk=incident_id).values_list("recorded_at", flat=True).first()
            if incident_id.isdigit()
            else None
        )
        if recorded is not None and recorded < referral.sent_at:
            shift = referral.sent_at - recorded
            Referral.objects.filter(pk=referral.pk).update(
                sent_at=F("sent_at") - shift,
                state_changed_at=F("state_changed_at") - shift,
                acknowledge_due_at=F("acknowledge_due_at") - shift,
                first_contact_due_at=F("first_contact_due_at") - shift,
                expires_at=F("expires_at") - shift,
                due_at=F("due_at") - shift,
            )
            TimelineEntry.objects.filter(case_id=case_id, object_id=referral.pk, kind="referral_sent").update(
                occurred_at=recorded
            )
            referral.refresh_from_db()
        receiver = (
            User.objects.filter(
                memberships__agency=referral.to_agency, memberships__role=Role.CASEWORKER, is_active=True
            )
            .order_by("pk")
            .first()
        )
        if receiver is None or rng.random() < 0.2:
            continue
        when = min(referral.sent_at + datetime.timedelta(hours=rng.choice([1, 3, 8, 20, 30])), now)
        if rng.random() < 0.12:
            services.referral_decline(
                actor=receiver, referral=referral, reason="no_capacity", text="Demo: no free place this week."
            )
        else:
            services.referral_accept(actor=receiver, referral=referral, now=when)
            for index in range(rng.choice([0, 1, 2, 3])):
                attempted = min(when + datetime.timedelta(hours=2 + 5 * index), now)
                outcome = "reached" if index == 2 or rng.random() < 0.4 else "not_reached"
                services.contact_attempt_record(
                    actor=receiver, referral=referral, attempted_at=attempted, channel="phone", outcome=outcome
                )
                if outcome == "reached":
                    break
            referral.refresh_from_db()
            if referral.first_contact_at and rng.random() < 0.5:
                services.referral_complete(actor=receiver, referral=referral, outcome="service_provided")
        TimelineEntry.objects.filter(case_id=case_id, object_id=referral.pk, kind__startswith="referral_").exclude(
            kind="referral_sent"
        ).update(occurred_at=when)
