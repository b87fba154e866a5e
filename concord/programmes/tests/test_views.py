"""The programmes pages: the case's tab and its request form, the provider's programme page and attendance sheet, the
enrolment page of each side (the provider sees the person and the enrolment, never the case), the actions, query
counts that do not grow with the rows, and refusals that write nothing."""

import datetime

import pytest
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from concord.audit.models import AuditEvent
from concord.cases.tests.factories import open_case
from concord.common.testing.pdf import pdf_words
from concord.common.testing.rows import assert_nothing_written, row_counts
from concord.programmes.choices import EnrolmentStatus
from concord.programmes.models import Enrolment, Programme, ProgrammeSession
from concord.programmes.tests.factories import (
    build_programme_scene,
    enrolled,
    hold_session,
    order_requiring_programme,
    request_enrolment,
)
from concord.protection.tests.factories import respondent_of, survivor_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene(cast):
    scene = build_programme_scene(cast)
    Programme.objects.filter(pk=scene.programme.pk).update(capacity=20)
    scene.programme.refresh_from_db()
    return scene


def local(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def test_the_tab_lists_the_enrolments_and_its_queries_do_not_grow(cast, scene, client_for):
    case = open_case(cast)
    enrolment = enrolled(cast, case, scene)
    hold_session(cast, scene, {enrolment.pk: "absent"})
    client = client_for("caseworker")
    url = reverse("programmes:case_programmes", args=[case.pk])
    before = AuditEvent.objects.filter(action="case_viewed").count()
    with CaptureQueriesContext(connection) as one:
        response = client.get(url)
    page = response.content.decode()
    assert response.status_code == 200 and "Men&#x27;s group A" in page and "1 missed" in page
    assert AuditEvent.objects.filter(action="case_viewed").count() == before + 1
    Enrolment.objects.filter(pk=enrolment.pk).update(status=EnrolmentStatus.COMPLETED)
    for _ in range(3):
        withdrawn = request_enrolment(cast, case, scene, basis="referral")
        Enrolment.objects.filter(pk=withdrawn.pk).update(status=EnrolmentStatus.WITHDRAWN)
    with CaptureQueriesContext(connection) as four:
        client.get(url)
    assert Enrolment.objects.filter(case=case).count() == 4
    assert len(four) == len(one)


def test_requesting_through_the_tab_and_a_refusal_writes_nothing(cast, scene, client_for):
    case = open_case(cast)
    client = client_for("caseworker")
    url = reverse("programmes:enrolment_request", args=[case.pk])
    before = row_counts()
    refused = client.post(
        url, {"participant": survivor_of(case).pk, "programme": scene.programme.pk, "basis": "voluntary"}
    )
    assert refused.status_code == 400
    refused = client.post(
        url, {"participant": respondent_of(case).pk, "programme": scene.programme.pk, "basis": "court_order"}
    )
    assert refused.status_code == 400 and "number and date" in refused.content.decode()
    assert_nothing_written(before)
    response = client.post(
        url,
        {
            "participant": respondent_of(case).pk,
            "programme": scene.programme.pk,
            "basis": "court_order",
            "reference": "2-115/2026",
        },
    )
    enrolment = Enrolment.objects.get(case=case)
    assert response.status_code == 302 and response["Location"].endswith(f"/programmes/enrolments/{enrolment.pk}/")
    assert enrolment.reference == "2-115/2026" and enrolment.requested_by == cast["caseworker"]


def test_the_provider_sees_the_person_and_the_enrolment_never_the_case(cast, scene, client_for):
    case = open_case(cast)
    order_requiring_programme(cast, case, scene)
    enrolment = Enrolment.objects.get(case=case)
    client = client_for("provider")
    page = client.get(reverse("programmes:enrolment_detail", args=[enrolment.pk])).content.decode()
    assert "Elvin" in page and "Men&#x27;s group A" in page
    assert case.number not in page and "Aysel" not in page
    assert AuditEvent.objects.filter(action="enrolment_read", object_id=str(enrolment.pk)).exists()
    for url in (
        reverse("cases:case_detail", args=[case.pk]),
        reverse("programmes:case_programmes", args=[case.pk]),
        reverse("protection:case_protection", args=[case.pk]),
    ):
        assert client.get(url).status_code == 404
    programme_page = client.get(reverse("programmes:programme_detail", args=[scene.programme.pk])).content.decode()
    assert "Elvin" in programme_page and case.number not in programme_page
    # A reader of the case sees the programme's description, not the people the provider works with.
    reader_page = client_for("caseworker").get(reverse("programmes:programme_detail", args=[scene.programme.pk]))
    assert "Elvin" not in reader_page.content.decode()


def test_enrol_record_a_session_and_drop_out_through_the_pages(cast, scene, client_for):
    case = open_case(cast)
    enrolment = request_enrolment(cast, case, scene)
    client = client_for("provider")
    detail = reverse("programmes:enrolment_detail", args=[enrolment.pk])
    response = client.post(
        reverse("programmes:enrolment_enrol", args=[enrolment.pk]),
        {"first_contact_at": local(timezone.now() + datetime.timedelta(minutes=2))},
    )
    assert response.status_code == 302 and response["Location"] == detail
    sheet = reverse("programmes:session_create", args=[scene.programme.pk])
    page = client.get(sheet).content.decode()
    assert f'name="presence_{enrolment.pk}"' in page and "Elvin" in page
    before = row_counts()
    refused = client.post(sheet, {"held_at": local(timezone.now() + datetime.timedelta(days=2)), "hours": "2"})
    assert refused.status_code == 400
    assert_nothing_written(before)
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(
            sheet,
            {
                "held_at": local(timezone.now() + datetime.timedelta(minutes=3)),
                "hours": "2",
                "topic": "Responsibility",
                f"presence_{enrolment.pk}": "absent",
            },
        )
    assert response.status_code == 302 and ProgrammeSession.objects.filter(programme=scene.programme).count() == 1
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(
            reverse("programmes:enrolment_leave", args=[enrolment.pk]),
            {
                "status": "dropped_out",
                "reason": "stopped_attending",
                "left_at": local(timezone.now() + datetime.timedelta(minutes=5)),
            },
        )
    assert response.status_code == 302
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.DROPPED_OUT
    # Ended: the provider's page offers no action, and a late post is refused with the state named.
    again = client.post(
        reverse("programmes:enrolment_complete", args=[enrolment.pk]), {"completed_at": local(timezone.now())}
    )
    assert again.status_code == 400 and "Dropped out" in again.content.decode()
    case.refresh_from_db()
    assert case.next_risk_review_on is not None


def test_the_programme_page_queries_do_not_grow(cast, scene, client_for):
    cases = [open_case(cast, given_name=f"Name{n}") for n in range(5)]
    first = enrolled(cast, cases[0], scene)
    hold_session(cast, scene, {first.pk: "present"})
    client = client_for("provider")
    url = reverse("programmes:programme_detail", args=[scene.programme.pk])
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    more = [enrolled(cast, case, scene) for case in cases[1:]]
    hold_session(cast, scene, {e.pk: "present" for e in [first, *more]}, days_ago=2)
    with CaptureQueriesContext(connection) as five:
        client.get(url)
    assert len(five) == len(one)
    sheet = reverse("programmes:session_create", args=[scene.programme.pk])
    with CaptureQueriesContext(connection) as sheet_queries:
        assert client.get(sheet).status_code == 200
    assert len(sheet_queries) <= len(one)


def test_his_programme_is_on_his_record_for_the_readers_of_the_case(cast, scene, client_for):
    from concord.cases import selectors as case_selectors

    case = open_case(cast)
    enrolment = enrolled(cast, case, scene)
    hold_session(cast, scene, {enrolment.pk: "present"}, days_ago=2)
    hold_session(cast, scene, {enrolment.pk: "absent"}, days_ago=1)
    man = respondent_of(case).person
    record = case_selectors.person_record_for(cast["caseworker"], man)
    (entry,) = [e for e in record.entries if "Men's group A" in e.title]
    assert entry.detail == "Attending: 1 session attended, 1 missed"
    assert entry.url == reverse("programmes:enrolment_detail", args=[enrolment.pk])
    page = client_for("caseworker").get(reverse("cases:person_detail", args=[man.pk])).content.decode()
    assert "Men&#x27;s group A" in page
    assert not case_selectors.person_record_for(cast["caseworker_other_district"], man).entries


def test_the_attendance_sheet_prints_the_people_attending_and_is_audited(cast, scene, client_for):
    case = open_case(cast)
    enrolled(cast, case, scene)
    response = client_for("provider").get(reverse("programmes:attendance_sheet_pdf", args=[scene.programme.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = pdf_words(response.content)
    assert "Elvin" in text and case.number not in text
    assert AuditEvent.objects.filter(action="programme_sheet_printed", object_id=str(scene.programme.pk)).exists()


def test_the_programme_page_lists_the_open_enrolments_and_a_page_of_the_ended(cast, scene, client_for, monkeypatch):
    from concord.programmes import views

    cases = [open_case(cast, given_name=f"Name{n}") for n in range(5)]
    rows = [enrolled(cast, case, scene) for case in cases]
    now = timezone.now()
    for days, enrolment in enumerate(rows[:4], start=1):
        Enrolment.objects.filter(pk=enrolment.pk).update(
            status=EnrolmentStatus.DROPPED_OUT, ended_at=now - datetime.timedelta(days=days),
            status_changed_at=now - datetime.timedelta(days=days),
        )  # fmt: skip
    monkeypatch.setattr(views, "ENDED_PAGE_SIZE", 3)
    client = client_for("provider")
    url = reverse("programmes:programme_detail", args=[scene.programme.pk])
    with CaptureQueriesContext(connection) as first_page:
        response = client.get(url)
    assert [e.pk for e in response.context["enrolments"]] == [rows[4].pk]
    assert [e.pk for e in response.context["ended_enrolments"]] == [rows[0].pk, rows[1].pk, rows[2].pk]
    assert 'href="?ended=2"' in response.content.decode()
    with CaptureQueriesContext(connection) as second_page:
        response = client.get(url + "?ended=2")
    assert [e.pk for e in response.context["ended_enrolments"]] == [rows[3].pk]
    assert len(second_page) == len(first_page)
    read = AuditEvent.objects.filter(action="enrolment_read").order_by("-pk").first()
    assert read.details["listed"] == 2
