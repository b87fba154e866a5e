"""The referral pages: the case's tab, the send form with its htmx service options, the referral page with the
safe-contact instructions first, the queues and the directory; query counts that do not grow with the rows."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from concord.audit.models import AuditEvent
from concord.cases.tests.factories import open_case
from concord.common.testing.rows import row_counts
from concord.referrals import services
from concord.referrals.models import AgencyService, Referral
from concord.referrals.tests.factories import build_scene, send, survivor_consent

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene(cast):
    return build_scene(cast)


@pytest.fixture
def case(cast, scene):
    return open_case(cast, safe_phone="+994 50 111 22 33", safe_times="after 14:00", leave_no_messages=True)


def _more_services(scene, count: int) -> list[AgencyService]:
    """`count` services more, each of another agency serving the region, so that each referral has its own."""
    from concord.accounts.models import Agency
    from concord.common.testing.factories import AgencyFactory

    made = []
    for index in range(count):
        agency: Agency = AgencyFactory(
            code=f"TT-EXTRA-{index}",
            kind=scene.support.kind,
            territory=scene.support.territory,
            name_en=f"Extra {index}",
        )
        service = AgencyService.objects.create(agency=agency, service_type=scene.psychosocial)
        service.areas.set(scene.support_service.areas.all())
        made.append(service)
    return made


def test_the_tab_lists_the_referrals_and_its_queries_do_not_grow(cast, scene, case, client_for):
    send(cast, case, scene.support_service)
    client = client_for("caseworker")
    url = reverse("referrals:case_referrals", args=[case.pk])
    before = AuditEvent.objects.filter(action="case_viewed").count()
    with CaptureQueriesContext(connection) as one:
        response = client.get(url)
    assert response.status_code == 200
    assert AuditEvent.objects.filter(action="case_viewed").count() == before + 1
    for service in _more_services(scene, 4):
        survivor_consent(cast, case, service.agency)
        send(cast, case, service)
    with CaptureQueriesContext(connection) as five:
        response = client.get(url)
    assert response.content.decode().count('data-testid="referral-state"') == 5
    assert len(five) == len(one)


def test_the_incoming_queue_puts_the_next_deadline_first_and_its_queries_do_not_grow(cast, scene, client_for):
    case = open_case(cast)
    routine = send(cast, case, scene.support_service, urgency="routine")
    client = client_for("receiver")
    with CaptureQueriesContext(connection) as one:
        response = client.get(reverse("referrals:incoming"))
    assert response.status_code == 200
    cases = [open_case(cast, given_name=f"Survivor {index}") for index in range(4)]
    emergency = send(cast, cases[0], scene.support_service, urgency="emergency")
    for other in cases[1:]:
        send(cast, other, scene.support_service, urgency="urgent")
    with CaptureQueriesContext(connection) as five:
        response = client.get(reverse("referrals:incoming"))
    html = response.content.decode()
    assert len(five) == len(one)
    assert html.index(emergency.case.number) < html.index(routine.case.number)
    assert 'data-testid="nav-count-referrals">5<' in html


def test_the_send_form_offers_the_agencies_serving_the_case_territory_by_type(cast, scene, case, client_for):
    client = client_for("caseworker")
    url = reverse("referrals:referral_service_options", args=[case.pk])
    html = client.get(url, {"service_type": scene.psychosocial.pk}).content.decode()
    assert "Support Centre A" in html and "Support Centre B" in html
    far = AgencyService.objects.create(agency=scene.shelter_agency, service_type=scene.psychosocial)
    far.areas.set([cast.district_b])
    html = client.get(url, {"service_type": scene.psychosocial.pk}).content.decode()
    assert html.count("<option") == 3  # the prompt and the two centres, not the service of district B alone
    form = client.get(reverse("referrals:referral_create", args=[case.pk])).content.decode()
    assert "+994 50 111 22 33" in form  # the survivor's safe number, carried over


def test_sending_from_the_form_and_a_refusal_that_writes_nothing(cast, scene, case, client_for):
    client = client_for("caseworker")
    url = reverse("referrals:referral_create", args=[case.pk])
    data = {
        "service_type": scene.psychosocial.pk,
        "service": scene.support_service.pk,
        "urgency": "urgent",
        "reason": "Counselling after the incident.",
        "shared_sections": ["summary", "incidents"],
        "safe_contact": "Call after 14:00 only.",
    }
    before = row_counts()
    response = client.post(url, data)
    assert response.status_code == 400
    assert "consent or a legal exception" in response.content.decode()
    assert row_counts() == before
    consent = survivor_consent(cast, case, scene.support)
    response = client.post(url, data | {"consent": consent.pk})
    referral = Referral.objects.get(case=case)
    assert response.status_code == 302 and response["Location"] == reverse(
        "referrals:referral_detail", args=[referral.pk]
    )
    assert referral.shared_sections == ["summary", "incidents"] and referral.safe_contact == "Call after 14:00 only."


def test_the_receiver_reads_the_safe_contact_first_and_acts(cast, scene, case, client_for):
    referral = send(cast, case, scene.support_service)
    client = client_for("receiver")
    html = client.get(reverse("referrals:referral_detail", args=[referral.pk])).content.decode()
    assert html.index('data-testid="safe-contact"') < html.index("She asked for counselling")
    assert "+994 50 111 22 33" in html
    assert client.post(reverse("referrals:referral_accept", args=[referral.pk])).status_code == 302
    moment = timezone.localtime(referral.sent_at + datetime.timedelta(minutes=5))
    attempt = {"attempted_at": moment.strftime("%Y-%m-%dT%H:%M")}
    response = client.post(
        reverse("referrals:referral_attempt", args=[referral.pk]), attempt | {"channel": "phone", "outcome": "reached"}
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.first_contact_at is not None and referral.attempts.count() == 1


def test_an_action_on_a_revoked_referral_is_refused_with_a_message(cast, scene, case, client_for):
    referral = send(cast, case, scene.support_service)
    services.referral_revoke(actor=cast["caseworker"], referral=referral, reason="Sent by mistake.")
    response = client_for("caseworker").post(
        reverse("referrals:referral_revoke", args=[referral.pk]), {"reason": "Again"}
    )
    assert response.status_code == 400
    assert "can no longer be done" in response.content.decode()


def test_the_directory_searches_by_territory_and_type_and_shows_the_hotlines(cast, scene, client_for):
    from concord.referrals.models import Hotline

    Hotline.objects.create(country=scene.rules.country, code="police", kind="police", number="102", name_en="Police")
    client = client_for("analyst")
    html = client.get(reverse("referrals:directory")).content.decode()
    assert "102" in html and "Support Centre A" in html and "Shelter" in html
    html = client.get(
        reverse("referrals:directory"), {"territory": cast.district_b.pk, "service_type": scene.shelter_type.pk}
    ).content.decode()
    assert "Support Centre A" not in html and 'data-testid="places-' in html


def test_the_coordinator_sees_the_share_answered_in_time(cast, scene, case, client_for):
    referral = send(cast, case, scene.support_service)
    services.referral_accept(actor=scene.receiver, referral=referral)
    other = open_case(cast, given_name="Leyla")
    send(cast, other, scene.support_service)
    html = client_for("coordinator").get(reverse("referrals:territory")).content.decode()
    assert "50%" in html
