"""The referral indicators on a data set whose answer is known by hand: three urgent referrals sent on Monday
2 March 2026 (first contact due the next working day): one reached in time and completed, one reached late, one
declined."""

from __future__ import annotations

import datetime

from concord.cases.tests.factories import freeze_now, open_case
from concord.referrals import services
from concord.referrals.tests.factories import build_scene, send
from concord.stats import catalogue
from concord.stats.catalogue import Filters, count
from concord.stats.tests.factories import BAKU

YEAR_2026 = Filters(country_code="tt", start=datetime.date(2026, 1, 1), end=datetime.date(2027, 1, 1), time_zone=BAKU)


def at(day: int, hour: int) -> datetime.datetime:
    return datetime.datetime(2026, 3, day, hour, tzinfo=BAKU)


def cells(code: str, by: str = "") -> dict:
    return {key: n for key, n in count(catalogue.indicator(code), YEAR_2026, by).cells.items() if n}


def test_referrals_by_service_state_first_contact_and_outcome(cast, monkeypatch):
    scene = build_scene(cast)
    receiver = scene.receiver
    freeze_now(monkeypatch, at(2, 9))
    in_time, late, declined = (send(cast, open_case(cast), scene.support_service) for _ in range(3))
    send(cast, open_case(cast), scene.shelter, urgency="emergency")
    freeze_now(monkeypatch, at(2, 15))
    for referral in (in_time, late):
        services.referral_accept(actor=receiver, referral=referral)
    services.referral_decline(actor=receiver, referral=declined, reason="no_capacity", text="No counsellor free.")
    services.contact_attempt_record(
        actor=receiver, referral=in_time, attempted_at=at(2, 14), channel="phone", outcome="reached"
    )
    services.referral_complete(actor=receiver, referral=in_time, outcome="service_provided")
    freeze_now(monkeypatch, at(6, 12))
    services.contact_attempt_record(
        actor=receiver, referral=late, attempted_at=at(6, 11), channel="phone", outcome="reached"
    )
    assert cells("referrals-by-service-type") == {("psychosocial_support", None): 3, ("safe_accommodation", None): 1}
    assert cells("referrals-by-state") == {("completed", None): 1, ("accepted", None): 1, ("declined", None): 1,
                                           ("sent", None): 1}  # fmt: skip
    assert cells("referrals-first-contact") == {("in_time", None): 1, ("late", None): 1, ("none", None): 2}
    assert cells("referrals-by-outcome") == {("service_provided", None): 1, ("", None): 3}
    # The agency kind is the receiver's.
    assert cells("referrals-by-state", "agency_kind")[("declined", "victim_support_centre")] == 1
    assert cells("referrals-by-state", "agency_kind")[("sent", "shelter")] == 1
