"""The protection indicators on a data set whose answer is known by hand: two bans issued and one injunction refused
in March 2026, one breach, and a criminal proceeding that reached a conviction beside one that was refused."""

from __future__ import annotations

import datetime

import pytest
from django.test import TestCase

from concord.cases.tests.factories import freeze_now, open_case, record_incident
from concord.protection import services
from concord.protection.tests.factories import apply, build_scene, issue, issued_ban
from concord.stats import catalogue
from concord.stats.catalogue import Filters, count
from concord.stats.tests.factories import BAKU

YEAR_2026 = Filters(country_code="tt", start=datetime.date(2026, 1, 1), end=datetime.date(2027, 1, 1), time_zone=BAKU)


def at(month: int, day: int, hour: int = 12) -> datetime.datetime:
    return datetime.datetime(2026, month, day, hour, tzinfo=BAKU)


def cells(code: str, by: str = "", filters: Filters = YEAR_2026) -> dict:
    return {key: n for key, n in count(catalogue.indicator(code), filters, by).cells.items() if n}


@pytest.fixture
def orders(cast, monkeypatch):
    scene = build_scene(cast)
    freeze_now(monkeypatch, at(3, 20))
    first, second = open_case(cast), open_case(cast)
    ban = issued_ban(cast, first, scene, applied_at=at(3, 9, 8))
    issued_ban(cast, second, scene, applied_at=at(3, 10, 8))
    injunction = apply(cast, second, scene.injunction, applied_at=at(3, 11, 8))
    issue(cast, injunction, issued=False, conditions=[], refusal_text="Insufficient grounds.")
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.breach_record(
            actor=cast["caseworker"], order=ban, occurred_at=at(3, 12, 11), reported_by_kind="survivor",
            conditions=["no_contact"], response="warning",
        )  # fmt: skip
    return scene, first, second


def test_orders_by_decision_measure_and_breach(orders, cast):
    assert cells("eige-protection-orders") == {("issued", None): 2, ("refused", None): 1}
    assert cells("protection-orders-by-measure") == {("police_ban", None): 2, ("injunction", None): 1}
    # The bans were issued by the police (agency A's kind), the injunction refused by the executive.
    by_issuer = cells("eige-protection-orders", "agency_kind")
    assert by_issuer[("issued", cast.agency_a.kind.code)] == 2
    assert by_issuer[("refused", cast.other_agency_a.kind.code)] == 1
    assert cells("eige-protection-order-breaches") == {("warning", None): 1}
    earlier = Filters(country_code="tt", start=datetime.date(2025, 1, 1), end=datetime.date(2026, 1, 1))
    assert cells("eige-protection-orders", filters=earlier) == {}


def test_attrition_counts_each_proceeding_at_every_stage_it_reached(orders, cast):
    scene, first, second = orders
    caseworker = cast["caseworker"]
    convicted = services.proceeding_open(
        actor=caseworker, incident=record_incident(cast, first, occurred_at=at(1, 5), reported_at=at(1, 6)),
        kind="criminal", body="police", qualification=scene.battery_criminal, registered_on=datetime.date(2026, 1, 6),
    )  # fmt: skip
    for stage, day, body in (
        ("investigation_opened", 7, "police"),
        ("charged", 20, "prosecutor"),
        ("referred_to_court", 25, "prosecutor"),
    ):
        services.proceeding_advance(
            actor=caseworker, proceeding=convicted, stage=stage, on=datetime.date(2026, 1, day), body=body
        )
    services.proceeding_advance(
        actor=caseworker, proceeding=convicted, stage="conviction", on=datetime.date(2026, 2, 20), body="court",
        sanction="imprisonment",
    )  # fmt: skip
    refused = services.proceeding_open(
        actor=caseworker, incident=record_incident(cast, second, occurred_at=at(2, 1), reported_at=at(2, 2)),
        kind="criminal", body="police", qualification=scene.battery_criminal, registered_on=datetime.date(2026, 2, 2),
    )  # fmt: skip
    services.proceeding_advance(
        actor=caseworker, proceeding=refused, stage="refused", on=datetime.date(2026, 2, 3), body="police",
        end_reason="complaint_withdrawn",
    )  # fmt: skip
    counts = count(catalogue.indicator("justice-attrition"), YEAR_2026)
    assert {key: n for key, n in counts.cells.items() if n} == {
        ("report_registered", None): 2,
        ("investigation_opened", None): 1,
        ("charged", None): 1,
        ("referred_to_court", None): 1,
        ("conviction", None): 1,
        ("refused", None): 1,
    }
    assert counts.distinct_total == 2
