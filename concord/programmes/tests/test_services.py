"""The ways into a programme (an order's condition, a court decision, a referral, a voluntary request), the provider's
enrolment, attendance and completion rules, and what the survivor's side hears: missed sessions, completion, and a
leaving that makes the case's reassessment due."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import TestCase
from django.utils import timezone

from concord.cases.tests.factories import open_case
from concord.common.testing.rows import assert_nothing_written, row_counts
from concord.countries.clock import country_today
from concord.notifications.models import Notification
from concord.programmes import services
from concord.programmes.choices import Basis, EnrolmentStatus, ProgrammesNotification
from concord.programmes.models import Enrolment
from concord.programmes.tests.factories import (
    build_programme_scene,
    enrolled,
    hold_session,
    order_requiring_programme,
    request_enrolment,
)
from concord.protection.tests.factories import respondent_of, survivor_of
from concord.risk.models import ReassessmentCall

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene(cast):
    return build_programme_scene(cast)


def _kinds(user) -> list[str]:
    return list(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


def test_an_order_that_imposes_the_programme_asks_the_one_programme_serving_the_case(cast, scene):
    case = open_case(cast)
    order = order_requiring_programme(cast, case, scene)
    enrolment = Enrolment.objects.get(case=case)
    assert enrolment.status == EnrolmentStatus.REQUESTED
    assert enrolment.programme == scene.programme
    assert enrolment.basis == Basis.PROTECTION_ORDER and enrolment.order_id == order.pk
    assert enrolment.participant == respondent_of(case)
    assert enrolment.imposed_by == "injunction"
    # Five calendar days from the order's start, to the end of the day in the country.
    assert enrolment.first_contact_due_at - order.starts_at > datetime.timedelta(days=4)
    assert ProgrammesNotification.REQUESTED in _kinds(cast["provider_supervisor"])
    # A replayed event makes nothing new.
    services.on_order_issued(case_id=case.pk, object_id=order.pk, actor_id=cast["caseworker"].pk)
    assert Enrolment.objects.filter(case=case).count() == 1


def test_an_order_without_the_condition_requires_nothing(cast, scene):
    from concord.protection.tests.factories import apply, issue

    case = open_case(cast)
    order = apply(cast, case, scene.protection.injunction, issuer=cast.other_agency_a)
    issue(cast, order, conditions=[{"code": "no_contact"}], ends_on=timezone.localdate() + datetime.timedelta(days=60))
    assert not Enrolment.objects.filter(case=case).exists()


def test_with_two_programmes_serving_the_case_the_lead_worker_chooses(cast, scene):
    other = services.programme_create(
        actor=cast["provider_supervisor"], programme_type=scene.programme_type, name="Evening group",
        sessions=3, hours=6, capacity=5,
    )  # fmt: skip
    case = open_case(cast)
    order_requiring_programme(cast, case, scene)
    enrolment = Enrolment.objects.get(case=case)
    assert enrolment.status == EnrolmentStatus.AWAITING_PROGRAMME and enrolment.programme is None
    assert ProgrammesNotification.REQUIRED in _kinds(case.lead_worker)
    with pytest.raises(PermissionDenied):
        services.enrolment_choose(actor=cast["provider"], enrolment=enrolment, programme=other)
    services.enrolment_choose(actor=cast["caseworker"], enrolment=enrolment, programme=other)
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.REQUESTED and enrolment.programme == other
    with pytest.raises(ValidationError):
        services.enrolment_choose(actor=cast["caseworker"], enrolment=enrolment, programme=scene.programme)


def test_only_an_alleged_perpetrator_of_the_case_is_enrolled_and_nothing_is_written_otherwise(cast, scene):
    case = open_case(cast)
    other_case = open_case(cast, given_name="Leyla")
    before = row_counts()
    for participant in (survivor_of(case), respondent_of(other_case)):
        with pytest.raises(ValidationError) as refused:
            request_enrolment(cast, case, scene, participant=participant)
        assert "participant" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        request_enrolment(cast, case, scene, basis=Basis.COURT_ORDER)
    assert "reference" in refused.value.message_dict
    with pytest.raises(ValidationError):
        request_enrolment(cast, case, scene, basis=Basis.PROTECTION_ORDER)
    assert_nothing_written(before)
    with pytest.raises(PermissionDenied):
        services.enrolment_request(
            actor=cast["caseworker_other_district"], case=case, participant=respondent_of(case),
            programme=scene.programme, basis=Basis.VOLUNTARY,
        )  # fmt: skip
    court = request_enrolment(cast, case, scene, basis=Basis.COURT_ORDER, reference="Decision 2-115/2026")
    assert court.status == EnrolmentStatus.REQUESTED and court.reference == "Decision 2-115/2026"
    with pytest.raises(ValidationError):
        request_enrolment(cast, case, scene)  # already awaiting this programme


def test_the_provider_enrols_within_the_places(cast, scene):
    first, second, third = (open_case(cast, given_name=name) for name in ("Aysel", "Leyla", "Nigar"))
    with pytest.raises(PermissionDenied):
        services.enrolment_enrol(
            actor=cast["caseworker"], enrolment=request_enrolment(cast, first, scene), first_contact_at=timezone.now()
        )
    Enrolment.objects.all().delete()
    enrolled(cast, first, scene)
    enrolled(cast, second, scene)
    waiting = request_enrolment(cast, third, scene)
    with pytest.raises(ValidationError, match="full"):
        services.enrolment_enrol(actor=cast["provider"], enrolment=waiting, first_contact_at=timezone.now())
    with pytest.raises(ValidationError):
        services.enrolment_enrol(
            actor=cast["provider"], enrolment=waiting, first_contact_at=waiting.required_at - datetime.timedelta(1)
        )
    declined = services.enrolment_decline(actor=cast["provider"], enrolment=waiting, reason="no_place")
    assert declined.status == EnrolmentStatus.DECLINED
    assert ProgrammesNotification.DECLINED in _kinds(third.lead_worker)


def test_a_declined_requirement_of_an_order_awaits_another_programme(cast, scene):
    case = open_case(cast)
    order_requiring_programme(cast, case, scene)
    enrolment = Enrolment.objects.get(case=case)
    with pytest.raises(ValidationError):
        services.enrolment_withdraw(actor=cast["caseworker"], enrolment=enrolment, text="Not needed.")
    services.enrolment_decline(actor=cast["provider"], enrolment=enrolment, reason="not_eligible")
    again = Enrolment.objects.get(case=case, status=EnrolmentStatus.AWAITING_PROGRAMME)
    assert again.order_id is None and again.basis == Basis.PROTECTION_ORDER
    assert again.first_contact_due_at == enrolment.first_contact_due_at


def test_attendance_only_for_those_attending_on_the_day(cast, scene):
    case = open_case(cast)
    enrolment = enrolled(cast, case, scene)
    waiting = request_enrolment(cast, open_case(cast, given_name="Leyla"), scene)
    before = row_counts()
    for marks in ({waiting.pk: "present"}, {enrolment.pk: "late"}, {}):
        with pytest.raises(ValidationError):
            hold_session(cast, scene, marks)
    with pytest.raises(ValidationError):
        hold_session(cast, scene, {enrolment.pk: "present"}, days_ago=30)  # before his first contact
    with pytest.raises(ValidationError):
        hold_session(cast, scene, {enrolment.pk: "present"}, days_ago=-1)  # tomorrow
    assert_nothing_written(before)
    with pytest.raises(PermissionDenied):
        services.session_record(
            actor=cast["caseworker"], programme=scene.programme, held_at=timezone.now(), hours=Decimal(2),
            attendance={enrolment.pk: "present"},
        )  # fmt: skip


def test_a_missed_session_is_told_to_the_lead_worker(cast, scene):
    case = open_case(cast)
    enrolment = enrolled(cast, case, scene)
    hold_session(cast, scene, {enrolment.pk: "excused"}, days_ago=3)
    assert ProgrammesNotification.ABSENT not in _kinds(case.lead_worker)
    hold_session(cast, scene, {enrolment.pk: "absent"}, days_ago=2)
    assert _kinds(case.lead_worker).count(ProgrammesNotification.ABSENT) == 1


def test_completion_needs_the_sessions_the_rules_ask_for_and_then_no_more_attendance(cast, scene):
    case = open_case(cast)
    enrolment = enrolled(cast, case, scene)
    for days_ago in (5, 4):
        hold_session(cast, scene, {enrolment.pk: "present"}, days_ago=days_ago)
    with pytest.raises(ValidationError, match="2 of the 3"):
        services.enrolment_complete(actor=cast["provider"], enrolment=enrolment, completed_at=timezone.now())
    hold_session(cast, scene, {enrolment.pk: "present"}, days_ago=3)
    with pytest.raises(ValidationError):
        services.enrolment_complete(
            actor=cast["provider"], enrolment=enrolment, completed_at=timezone.now() - datetime.timedelta(days=4)
        )  # before the last session
    services.enrolment_complete(
        actor=cast["provider"], enrolment=enrolment, completed_at=timezone.now() - datetime.timedelta(days=2)
    )
    assert enrolment.status == EnrolmentStatus.COMPLETED
    assert ProgrammesNotification.COMPLETED in _kinds(case.lead_worker)
    with pytest.raises(ValidationError, match="ended"):
        hold_session(cast, scene, {enrolment.pk: "present"}, days_ago=3)
    with pytest.raises(ValidationError, match="not attending"):
        hold_session(cast, scene, {enrolment.pk: "present"}, days_ago=1)  # after the completion


def test_a_drop_out_tells_the_lead_worker_and_makes_the_reassessment_due(cast, scene):
    case = open_case(cast)
    enrolment = enrolled(cast, case, scene)
    hold_session(cast, scene, {enrolment.pk: "absent"}, days_ago=2)
    case.refresh_from_db()
    assert case.next_risk_review_on is None
    with pytest.raises(ValidationError):
        services.enrolment_leave(
            actor=cast["provider"], enrolment=enrolment, status="completed", reason="absences", left_at=timezone.now()
        )
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.enrolment_leave(
            actor=cast["provider"], enrolment=enrolment, status="dropped_out", reason="absences",
            left_at=timezone.now(), text="Stopped coming after the second session.",
        )  # fmt: skip
    assert enrolment.status == EnrolmentStatus.DROPPED_OUT
    assert ProgrammesNotification.LEFT in _kinds(case.lead_worker)
    assert ReassessmentCall.objects.filter(case=case, event="programme_left", object_id=enrolment.pk).exists()
    case.refresh_from_db()
    assert case.next_risk_review_on == country_today(case.territory.country_code)


def test_the_case_side_withdraws_only_its_own_pending_requests(cast, scene):
    case = open_case(cast)
    enrolment = request_enrolment(cast, case, scene, basis=Basis.REFERRAL)
    with pytest.raises(ValidationError):
        services.enrolment_withdraw(actor=cast["caseworker"], enrolment=enrolment, text=" ")
    services.enrolment_withdraw(actor=cast["caseworker"], enrolment=enrolment, text="Referred in error.")
    assert enrolment.status == EnrolmentStatus.WITHDRAWN
    # Withdrawn, he may be asked for again.
    assert request_enrolment(cast, case, scene).status == EnrolmentStatus.REQUESTED


def test_a_programme_is_set_up_only_by_a_supervisor_of_an_agency_that_may_run_it(cast, scene):
    values = {"programme_type": scene.programme_type, "name": "X", "sessions": 3, "hours": 6, "capacity": 4}
    for persona in ("provider", "supervisor"):
        with pytest.raises(PermissionDenied):
            services.programme_create(actor=cast[persona], **values)
    with pytest.raises(ValidationError) as refused:
        services.programme_create(actor=cast["provider_supervisor"], **(values | {"sessions": 2}))
    assert "sessions" in refused.value.message_dict
    case = open_case(cast)
    enrolled(cast, case, scene)
    enrolled(cast, open_case(cast, given_name="Leyla"), scene)
    with pytest.raises(ValidationError) as refused:
        services.programme_update(
            actor=cast["provider_supervisor"], programme=scene.programme, name="Men's group A", sessions=4, hours=8,
            capacity=1,
        )  # fmt: skip
    assert "capacity" in refused.value.message_dict
