"""Protection orders: deadlines under the version of the law in force on the application date, the decision,
extension, revocation and appeal, automatic extension, breaches and their consequences in the other modules, and
proceedings under the articles in force on the day of the act. Every refusal writes nothing."""

import datetime
import zoneinfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import TestCase
from django.utils import timezone

from concord.cases.models import Case
from concord.cases.tests.factories import freeze_now, open_case, record_incident
from concord.common.testing.rows import row_counts
from concord.notifications.models import Notification
from concord.protection import services
from concord.protection.choices import OrderStatus, Stage
from concord.protection.models import Order
from concord.protection.tests.factories import apply, build_scene, issue, issued_ban, respondent_of, survivor_of
from concord.referrals.models import Referral
from concord.referrals.tests.factories import add_pathway, survivor_consent
from concord.referrals.tests.factories import build_scene as referral_scene

pytestmark = pytest.mark.django_db
BAKU = zoneinfo.ZoneInfo("Asia/Baku")


@pytest.fixture
def scene(cast):
    return build_scene(cast)


@pytest.fixture
def case(cast, scene):
    return open_case(cast)


def at(year: int, month: int, day: int, hour: int = 0) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, tzinfo=BAKU)


def test_the_same_application_on_two_dates_follows_the_version_of_the_law_in_force_each_day(
    cast, scene, case, monkeypatch
):
    freeze_now(monkeypatch, at(2026, 3, 1, 12))
    before = apply(cast, case, scene.ban, applied_at=at(2025, 12, 31, 22))
    after = apply(cast, case, scene.ban, applied_at=at(2026, 1, 2, 22))
    assert (before.rules_version, after.rules_version) == ("2020", "2026")
    assert before.decision_due_at == at(2026, 1, 1, 10)  # 12 hours on the clock
    assert after.decision_due_at == at(2026, 1, 3, 22)  # 24 hours
    issue(cast, before, decided_at=at(2025, 12, 31, 23))
    issue(cast, after, decided_at=at(2026, 1, 2, 23))
    # Fixed durations: 10 days, then 14, each ending at midnight after the last day counted.
    assert before.ends_at == at(2026, 1, 11)
    assert after.ends_at == at(2026, 1, 17)


def test_working_days_and_hearing_deadlines_and_copies_after_the_decision(cast, scene, case, monkeypatch):
    freeze_now(monkeypatch, at(2026, 3, 10, 12))
    # Friday 6 March 2026, evening: two working days end with Tuesday 10 March.
    order = apply(cast, case, scene.injunction, applied_at=at(2026, 3, 6, 18))
    assert order.decision_due_at == at(2026, 3, 11)
    assert order.hearing_due_at == at(2026, 3, 22)
    issue(cast, order, decided_at=at(2026, 3, 9, 10), ends_on=datetime.date(2026, 6, 30))
    assert order.notification_due_at == at(2026, 3, 10, 10)
    assert order.status == OrderStatus.IN_FORCE and order.ends_at == at(2026, 7, 1)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"ends_on": datetime.date(2026, 3, 1)}, "ends_on"),  # the end before the start
        ({"ends_on": datetime.date(2026, 12, 31)}, "ends_on"),  # beyond six months
        ({"ends_on": datetime.date(2026, 3, 20)}, "ends_on"),  # under one month
        ({"conditions": [{"code": "report_to_police", "number": 9}]}, "conditions"),
        ({"conditions": [{"code": "leave_home"}]}, "conditions"),  # not offered by this type
        ({"decided_at": at(2026, 3, 1)}, "decided_at"),  # before the application
    ],
)
def test_a_decision_outside_the_law_is_refused_and_writes_nothing(cast, scene, case, monkeypatch, change, field):
    freeze_now(monkeypatch, at(2026, 3, 10, 12))
    order = apply(cast, case, scene.injunction, applied_at=at(2026, 3, 6, 18))
    before = row_counts()
    values = {"decided_at": at(2026, 3, 9, 10), "ends_on": datetime.date(2026, 6, 30)} | change
    with pytest.raises(ValidationError) as error:
        issue(cast, order, **values)
    assert field in error.value.message_dict
    assert row_counts() == before
    order.refresh_from_db()
    assert order.status == OrderStatus.APPLIED


def test_the_respondent_must_be_an_alleged_perpetrator_of_the_case(cast, scene, case):
    other = open_case(cast, given_name="Nigar")
    before = row_counts()
    for respondent in (survivor_of(case), respondent_of(other)):
        with pytest.raises(ValidationError) as error:
            apply(cast, case, scene.ban, respondent=respondent)
        assert "respondent" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        apply(cast, case, scene.ban, protected=[respondent_of(case)])
    assert "protected" in error.value.message_dict
    assert row_counts() == before


def test_only_the_applicants_and_issuers_the_law_names(cast, scene, case):
    before = row_counts()
    with pytest.raises(ValidationError) as error:
        apply(cast, case, scene.ban, applicant_kind="ngo")
    assert "applicant_kind" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        apply(cast, case, scene.ban, issuer=cast.other_agency_a)  # the executive does not issue police bans
    assert "issuer" in error.value.message_dict
    assert row_counts() == before


def test_an_outsider_cannot_apply(cast, scene, case):
    with pytest.raises(PermissionDenied):
        apply(cast, case, scene.ban, actor_name="caseworker_other_district")


def test_a_refusal_keeps_its_grounds_and_needs_them(cast, scene, case):
    order = apply(cast, case, scene.ban)
    with pytest.raises(ValidationError):
        services.order_decide(actor=cast["caseworker"], order=order, issued=False, decided_at=timezone.now())
    services.order_decide(
        actor=cast["caseworker"], order=order, issued=False, decided_at=timezone.now(), refusal_text="No grounds."
    )
    order.refresh_from_db()
    assert order.status == OrderStatus.REFUSED and order.refusal_text == "No grounds." and order.ends_at is None
    with pytest.raises(ValidationError):
        issue(cast, order)


def test_an_extension_follows_the_order_and_is_limited_by_the_law(cast, scene, case, monkeypatch):
    freeze_now(monkeypatch, at(2026, 3, 10, 12))
    order = issue(
        cast,
        apply(cast, case, scene.injunction, applied_at=at(2026, 3, 6, 18)),
        decided_at=at(2026, 3, 9, 10),
        ends_on=datetime.date(2026, 4, 30),
    )
    first = services.order_extend(
        actor=cast["caseworker"], order=order, decided_at=at(2026, 3, 10), ends_on=datetime.date(2026, 6, 30)
    )
    order.refresh_from_db()
    assert order.status == OrderStatus.EXTENDED
    assert first.previous == order and first.relation == "extends" and first.starts_at == order.ends_at
    assert first.status == OrderStatus.ISSUED and set(first.protected.all()) == set(order.protected.all())
    second = services.order_extend(
        actor=cast["caseworker"], order=first, decided_at=at(2026, 3, 10), ends_on=datetime.date(2026, 8, 31)
    )
    before = row_counts()
    with pytest.raises(ValidationError, match="2 times"):
        services.order_extend(
            actor=cast["caseworker"], order=second, decided_at=at(2026, 3, 10), ends_on=datetime.date(2026, 9, 30)
        )
    assert row_counts() == before


def test_an_expired_order_cannot_be_extended(cast, scene, case, monkeypatch):
    freeze_now(monkeypatch, at(2026, 3, 10, 12))
    order = issue(
        cast,
        apply(cast, case, scene.injunction, applied_at=at(2026, 1, 2, 10)),
        decided_at=at(2026, 1, 2, 12),
        ends_on=datetime.date(2026, 2, 28),
    )
    before = row_counts()
    with pytest.raises(ValidationError, match="still in force"):
        services.order_extend(
            actor=cast["caseworker"], order=order, decided_at=at(2026, 3, 10), ends_on=datetime.date(2026, 5, 31)
        )
    assert row_counts() == before


def test_applying_for_an_injunction_extends_the_police_ban_automatically(cast, scene, case, monkeypatch):
    freeze_now(monkeypatch, at(2026, 3, 10, 12))
    ban = issued_ban(cast, case, scene, applied_at=at(2026, 3, 9, 8))
    assert ban.ends_at == at(2026, 3, 24)  # 14 days after 9 March
    apply(cast, case, scene.injunction, applied_at=at(2026, 3, 10, 11))
    ban.refresh_from_db()
    assert ban.ends_at == at(2026, 4, 7)  # 28 days after the start
    assert ban.automatically_extended_at == at(2026, 3, 10, 11)


def test_revocation_and_appeal(cast, scene, case):
    ban = issued_ban(cast, case, scene)
    services.order_appeal(actor=cast["caseworker"], order=ban, appealed_at=timezone.now())
    assert ban.status == OrderStatus.APPEALED and ban.is_protecting
    services.order_appeal_decide(actor=cast["caseworker"], order=ban, outcome="upheld", decided_at=timezone.now())
    assert ban.status == OrderStatus.IN_FORCE
    with pytest.raises(ValidationError):
        services.order_revoke(actor=cast["caseworker"], order=ban, text="")
    services.order_revoke(actor=cast["caseworker"], order=ban, text="Revoked by the police chief.")
    ban.refresh_from_db()
    assert ban.status == OrderStatus.REVOKED and not ban.is_protecting and ban.ends_at <= timezone.now()


def test_a_breach_makes_a_reassessment_due_today_and_fires_the_pathway(cast, scene, case):
    referrals = referral_scene(cast)
    add_pathway(
        "breach-support", "order_breached", target_kind="victim_support_centre", service_code="psychosocial_support",
        urgency="emergency", basis="consent",
    )  # fmt: skip
    survivor_consent(cast, case, referrals.support)
    ban = issued_ban(cast, case, scene)
    Case.objects.filter(pk=case.pk).update(next_risk_review_on=datetime.date(2030, 1, 1))
    with TestCase.captureOnCommitCallbacks(execute=True):
        breach = services.breach_record(
            actor=cast["caseworker"], order=ban, occurred_at=timezone.now() - datetime.timedelta(minutes=30),
            reported_by_kind="survivor", conditions=["no_contact"], response="detention",
            description="He came to her workplace.",
        )  # fmt: skip
    case.refresh_from_db()
    assert case.next_risk_review_on == timezone.localdate()
    referral = Referral.objects.get(case=case, pathway__code="breach-support")
    assert referral.urgency == "emergency" and referral.to_agency == referrals.support
    assert breach.description == "He came to her workplace."
    assert Notification.objects.filter(kind="order_breached", case=case).exists()


def test_a_breach_outside_the_order_or_its_conditions_is_refused(cast, scene, case):
    ban = issued_ban(cast, case, scene)
    before = row_counts()
    for occurred_at, conditions in (
        (ban.starts_at - datetime.timedelta(days=1), ["no_contact"]),
        (timezone.now() - datetime.timedelta(minutes=5), ["surrender_weapons"]),
        (timezone.now() - datetime.timedelta(minutes=5), []),
    ):
        with pytest.raises(ValidationError):
            services.breach_record(
                actor=cast["caseworker"], order=ban, occurred_at=occurred_at, reported_by_kind="survivor",
                conditions=conditions, response="warning",
            )  # fmt: skip
    assert row_counts() == before


def test_proceedings_follow_the_article_in_force_on_the_day_of_the_act(cast, scene, case, monkeypatch):
    freeze_now(monkeypatch, at(2026, 3, 10, 12))
    old_act = record_incident(cast, case, occurred_at=at(2025, 12, 20, 20), reported_at=at(2025, 12, 21))
    new_act = record_incident(cast, case, occurred_at=at(2026, 1, 5, 20), reported_at=at(2026, 1, 6))
    caseworker = cast["caseworker"]
    with pytest.raises(ValidationError) as error:
        services.proceeding_open(
            actor=caseworker, incident=old_act, kind="criminal", body="police",
            qualification=scene.battery_criminal, registered_on=datetime.date(2025, 12, 21),
        )  # fmt: skip
    assert "qualification" in error.value.message_dict
    administrative = services.proceeding_open(
        actor=caseworker, incident=old_act, kind="administrative", body="police",
        qualification=scene.battery_administrative, registered_on=datetime.date(2025, 12, 21),
    )  # fmt: skip
    criminal = services.proceeding_open(
        actor=caseworker, incident=new_act, kind="criminal", body="police",
        qualification=scene.battery_criminal, registered_on=datetime.date(2026, 1, 6),
    )  # fmt: skip
    assert administrative.stage == criminal.stage == Stage.REPORT_REGISTERED
    services.proceeding_advance(
        actor=caseworker, proceeding=criminal, stage="investigation_opened", on=datetime.date(2026, 1, 7), body="police"
    )
    services.proceeding_advance(
        actor=caseworker, proceeding=criminal, stage="charged", on=datetime.date(2026, 2, 1), body="prosecutor"
    )
    services.proceeding_advance(
        actor=caseworker,
        proceeding=criminal,
        stage="referred_to_court",
        on=datetime.date(2026, 2, 10),
        body="prosecutor",
    )
    before = row_counts()
    with pytest.raises(ValidationError) as error:
        services.proceeding_advance(
            actor=caseworker, proceeding=criminal, stage="conviction", on=datetime.date(2026, 3, 1), body="court"
        )
    assert "sanction" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.proceeding_advance(
            actor=caseworker, proceeding=criminal, stage="charged", on=datetime.date(2026, 3, 1), body="court"
        )
    assert "stage" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.proceeding_advance(
            actor=caseworker, proceeding=criminal, stage="acquittal", on=datetime.date(2026, 2, 1), body="court"
        )
    assert "on" in error.value.message_dict
    assert row_counts() == before
    services.proceeding_advance(
        actor=caseworker, proceeding=criminal, stage="conviction", on=datetime.date(2026, 3, 1), body="court",
        sanction="suspended", sanction_text="One year, suspended.",
    )  # fmt: skip
    assert [step.stage for step in criminal.steps.all()] == [
        "report_registered", "investigation_opened", "charged", "referred_to_court", "conviction",
    ]  # fmt: skip
    with pytest.raises(ValidationError):
        services.proceeding_advance(
            actor=caseworker, proceeding=administrative, stage="refused", on=datetime.date(2026, 1, 2), body="police"
        )
    services.proceeding_advance(
        actor=caseworker, proceeding=administrative, stage="refused", on=datetime.date(2026, 1, 2), body="police",
        end_reason="complaint_withdrawn",
    )  # fmt: skip
    assert Order.objects.count() == 0


def test_a_later_incident_does_not_move_the_reassessment_the_breach_made_due(cast, scene, case, monkeypatch):
    freeze_now(monkeypatch, at(2026, 3, 10, 12))
    ban = issued_ban(cast, case, scene, applied_at=at(2026, 3, 9, 8))
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.breach_record(
            actor=cast["caseworker"], order=ban, occurred_at=at(2026, 3, 10, 11), reported_by_kind="survivor",
            conditions=["no_contact"], response="warning",
        )  # fmt: skip
    case.refresh_from_db()
    assert case.next_risk_review_on == datetime.date(2026, 3, 10)
    freeze_now(monkeypatch, at(2026, 3, 13, 12))
    record_incident(cast, case, occurred_at=at(2026, 3, 13, 9), reported_at=at(2026, 3, 13, 10))
    case.refresh_from_db()
    assert case.next_risk_review_on == datetime.date(2026, 3, 10)
