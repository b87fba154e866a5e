"""Referrals: sending on a consent or a legal basis, the receiver's access, answers, contact attempts, revocation,
reassignment, and refusals that write nothing."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from concord.cases.choices import InvolvementBasis
from concord.cases.models import Case, Involvement
from concord.cases.tests.factories import open_case
from concord.common.testing.factories import AgencyFactory, AgencyKindFactory, TerritoryFactory
from concord.common.testing.rows import row_counts
from concord.notifications.models import Notification
from concord.referrals import services
from concord.referrals.choices import ReferralState
from concord.referrals.models import AgencyService, Referral
from concord.referrals.tests.factories import build_scene, send, survivor_consent

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene(cast):
    return build_scene(cast)


@pytest.fixture
def case(cast, scene):
    return open_case(cast)


def visible(user, case) -> bool:
    return Case.objects.visible_to(user).filter(pk=case.pk).exists()


def test_a_referral_on_consent_opens_the_case_to_the_receiver_without_sensitive_sections(cast, scene, case):
    assert not visible(scene.receiver, case)
    referral = send(cast, case, scene.support_service)
    assert referral.state == ReferralState.SENT
    assert referral.rules_version == "TT-REF-1"
    assert referral.due_at == referral.acknowledge_due_at == referral.sent_at + datetime.timedelta(hours=24)
    involvement = Involvement.objects.get(case=case, agency=scene.support, ended_at__isnull=True)
    assert involvement.basis == InvolvementBasis.REFERRAL and referral.involvement == involvement
    assert visible(scene.receiver, case)
    assert not Case.objects.visible_to(scene.receiver, "sensitive").filter(pk=case.pk).exists()
    assert Notification.objects.filter(recipient=scene.receiver, kind="referral_received").count() == 1


def test_sensitive_sections_follow_only_a_consent_that_includes_them_for_that_agency(cast, scene, case):
    consent = survivor_consent(cast, case, scene.support, includes_sensitive=True)
    send(cast, case, scene.support_service, consent=consent)
    assert Case.objects.visible_to(scene.receiver, "sensitive").filter(pk=case.pk).exists()


def test_a_legal_exception_needs_a_written_justification(cast, scene, case):
    with pytest.raises(ValidationError) as error:
        send(cast, case, scene.support_service, legal_exception="imminent_risk", justification="too short")
    assert "justification" in error.value.message_dict
    referral = send(
        cast,
        case,
        scene.support_service,
        legal_exception="imminent_risk",
        justification="He threatened to kill her last night and has a registered hunting rifle.",
    )
    assert referral.legal_exception == "imminent_risk" and referral.consent is None


@pytest.mark.parametrize(
    "change, field",
    [
        ({"consent": None, "legal_exception": ""}, "consent"),
        ({"urgency": "whenever"}, "urgency"),
        ({"reason": "  "}, "reason"),
        ({"shared_sections": ["everything"]}, "shared_sections"),
    ],
)
def test_bad_input_is_refused_and_writes_nothing(cast, scene, case, change, field):
    consent = survivor_consent(cast, case, scene.support)
    before = row_counts()
    values = {"urgency": "urgent", "reason": "Counselling", "consent": consent} | change
    with pytest.raises(ValidationError) as error:
        services.referral_send(actor=cast["caseworker"], case=case, service=scene.support_service, **values)
    assert field in error.value.message_dict
    assert row_counts() == before


def test_a_consent_for_another_agency_does_not_cover_the_referral(cast, scene, case):
    consent = survivor_consent(cast, case, scene.shelter_agency)
    with pytest.raises(ValidationError) as error:
        send(cast, case, scene.support_service, consent=consent)
    assert "consent" in error.value.message_dict


def test_an_agency_that_does_not_serve_the_case_territory_is_refused(cast, scene, case):
    far = TerritoryFactory(code="TT-R2", parent=cast.country, name_en="South Region")
    far_district = TerritoryFactory(code="TT-R2-D", parent=far, name_en="Far District")
    agency = AgencyFactory(code="TT-FAR", kind=AgencyKindFactory(code="victim_support_centre"), territory=far_district)
    far_service = AgencyService.objects.create(agency=agency, service_type=scene.psychosocial)
    far_service.areas.set([far])
    consent = survivor_consent(cast, case, agency)
    before = row_counts()
    with pytest.raises(ValidationError) as error:
        send(cast, case, far_service, consent=consent)
    assert "service" in error.value.message_dict
    assert row_counts() == before


def test_a_user_without_edit_rights_on_the_case_cannot_refer(cast, scene, case):
    with pytest.raises(PermissionDenied):
        send(cast, case, scene.support_service, actor_name="caseworker_other_district", consent=None,
             legal_exception="imminent_risk", justification="x" * 30)  # fmt: skip


def test_only_the_receiving_agency_answers(cast, scene, case):
    referral = send(cast, case, scene.support_service)
    for outsider in ("caseworker", "supervisor", "caseworker_other_agency", "coordinator"):
        with pytest.raises(PermissionDenied):
            services.referral_accept(actor=cast[outsider], referral=referral)
    services.referral_accept(actor=scene.receiver, referral=referral)
    referral.refresh_from_db()
    assert referral.state == ReferralState.ACCEPTED and referral.answered_by == scene.receiver
    assert referral.due_at == referral.first_contact_due_at
    assert Notification.objects.filter(recipient=cast["caseworker"], kind="referral_answered").exists()


def test_a_decline_ends_the_access_the_referral_gave(cast, scene, case):
    referral = send(cast, case, scene.support_service)
    with pytest.raises(ValidationError):
        services.referral_decline(actor=scene.receiver, referral=referral, reason="no_capacity", text="")
    services.referral_decline(actor=scene.receiver, referral=referral, reason="no_capacity", text="No counsellor.")
    assert not visible(scene.receiver, case)
    with pytest.raises(ValidationError):
        services.referral_accept(actor=scene.receiver, referral=referral)


def test_completion_keeps_the_case_with_the_receiver(cast, scene, case):
    referral = send(cast, case, scene.support_service)
    services.referral_accept(actor=scene.receiver, referral=referral)
    services.referral_complete(actor=scene.receiver, referral=referral, outcome="service_provided")
    assert Referral.objects.get(pk=referral.pk).state == ReferralState.COMPLETED
    assert visible(scene.receiver, case)


def test_revocation_by_the_sender_or_a_supervisor_of_the_sending_agency_only(cast, scene, case):
    referral = send(cast, case, scene.support_service)
    for outsider in ("caseworker_other_agency", "coordinator"):
        with pytest.raises(PermissionDenied):
            services.referral_revoke(actor=cast[outsider], referral=referral, reason="Not needed")
    with pytest.raises(PermissionDenied):
        services.referral_revoke(actor=scene.receiver, referral=referral, reason="Not needed")
    services.referral_revoke(actor=cast["supervisor"], referral=referral, reason="She moved to her sister's.")
    assert not visible(scene.receiver, case)
    for action in (
        lambda: services.referral_accept(actor=scene.receiver, referral=referral),
        lambda: services.referral_revoke(actor=cast["caseworker"], referral=referral, reason="again"),
    ):
        with pytest.raises((ValidationError, PermissionDenied)):
            action()


def test_any_action_on_a_revoked_referral_is_refused_and_writes_nothing(cast, scene, case):
    referral = send(cast, case, scene.support_service)
    services.referral_revoke(actor=cast["caseworker"], referral=referral, reason="Sent by mistake.")
    before = row_counts()
    with pytest.raises(ValidationError):
        services.referral_revoke(actor=cast["caseworker"], referral=referral, reason="Sent by mistake.")
    with pytest.raises(ValidationError):
        services.referral_reassign(actor=cast["caseworker"], referral=referral, service=scene.other_support, reason="x")
    assert row_counts() == before


def test_reassignment_moves_the_referral_and_its_access_to_another_agency_of_the_same_service(cast, scene, case):
    referral = send(cast, case, scene.support_service)
    survivor_consent(cast, case, scene.other_support.agency)
    with pytest.raises(ValidationError):
        services.referral_reassign(actor=cast["caseworker"], referral=referral, service=scene.shelter, reason="Full")
    successor = services.referral_reassign(
        actor=cast["caseworker"], referral=referral, service=scene.other_support, reason="Closer to her home."
    )
    referral.refresh_from_db()
    assert referral.state == ReferralState.REASSIGNED and successor.reassigned_from == referral
    assert successor.to_agency == scene.other_support.agency and successor.state == ReferralState.SENT
    assert not visible(scene.receiver, case)


def test_first_contact_and_the_not_reached_rule(cast, scene, case):
    referral = send(cast, case, scene.support_service)
    services.referral_accept(actor=scene.receiver, referral=referral)
    now = referral.sent_at + datetime.timedelta(minutes=4)
    with pytest.raises(ValidationError):
        services.referral_complete(actor=scene.receiver, referral=referral, outcome="not_reached")
    for minutes in (3, 2):
        services.contact_attempt_record(
            actor=scene.receiver, referral=referral, attempted_at=now - datetime.timedelta(minutes=minutes),
            channel="phone", outcome="not_reached",
        )  # fmt: skip
    referral.refresh_from_db()
    assert referral.first_contact_at is None and referral.due_at == referral.first_contact_due_at
    assert not Notification.objects.filter(kind="referral_not_reached").exists()
    services.contact_attempt_record(
        actor=scene.receiver, referral=referral, attempted_at=now - datetime.timedelta(minutes=1),
        channel="phone", outcome="not_reached",
    )  # fmt: skip
    assert Notification.objects.filter(recipient=cast["caseworker"], kind="referral_not_reached").count() == 1
    services.contact_attempt_record(
        actor=scene.receiver, referral=referral, attempted_at=now, channel="visit", outcome="reached"
    )
    referral.refresh_from_db()
    assert referral.first_contact_at == now and referral.due_at is None
    with pytest.raises(ValidationError) as error:
        services.contact_attempt_record(
            actor=scene.receiver, referral=referral, attempted_at=now + datetime.timedelta(days=1),
            channel="phone", outcome="reached",
        )  # fmt: skip
    assert "attempted_at" in error.value.message_dict


def test_a_shelter_updates_its_own_free_places_only(cast, scene):
    with pytest.raises(PermissionDenied):
        services.service_set_places(actor=scene.receiver, service=scene.shelter, places_free=2)
    with pytest.raises(ValidationError):
        services.service_set_places(actor=scene.receiver, service=scene.support_service, places_free=2)


def test_a_service_the_survivor_is_not_eligible_for_is_refused(cast, scene, case):
    AgencyService.objects.filter(pk=scene.shelter.pk).update(eligibility="men")
    scene.shelter.refresh_from_db()
    justification = {"legal_exception": "imminent_risk", "justification": "She cannot go home tonight, he has a gun."}
    with pytest.raises(ValidationError) as error:
        send(cast, case, scene.shelter, **justification)
    assert "service" in error.value.message_dict
    AgencyService.objects.filter(pk=scene.shelter.pk).update(eligibility="women", min_age=0, max_age=17)
    scene.shelter.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        send(cast, case, scene.shelter, **justification)
    assert "17" in error.value.message_dict["service"][0]
    AgencyService.objects.filter(pk=scene.shelter.pk).update(min_age=18, max_age=None)
    scene.shelter.refresh_from_db()
    assert send(cast, case, scene.shelter, **justification).state == ReferralState.SENT


def test_a_withdrawn_consent_ends_the_open_referral_that_rested_on_it(cast, scene, case):
    from concord.cases import services as case_services
    from concord.referrals.jobs import close_referrals_without_access

    consent = survivor_consent(cast, case, scene.support)
    referral = send(cast, case, scene.support_service, consent=consent)
    close_referrals_without_access(timezone.now())
    assert Referral.objects.get(pk=referral.pk).state == ReferralState.SENT
    case_services.consent_withdraw(actor=cast["caseworker"], consent=consent)
    assert not visible(scene.receiver, case)
    close_referrals_without_access(timezone.now())
    assert Referral.objects.get(pk=referral.pk).state == ReferralState.REVOKED
    assert Notification.objects.filter(recipient=scene.receiver, key=f"referral_access_ended:{referral.pk}").exists()
