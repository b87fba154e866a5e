import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from concord.accounts.models import Membership
from concord.cases.choices import CaseNotification
from concord.cases.tests.factories import open_case
from concord.notifications.context_processors import unread
from concord.notifications.models import Notification
from concord.risk.choices import RiskNotification

pytestmark = pytest.mark.django_db

LIST = reverse("notifications:notification_list")


def _notification(user, kind=CaseNotification.CLOSURE_REQUESTED, **fields) -> Notification:
    return Notification.objects.create(recipient=user, kind=kind, **fields)


def test_the_list_shows_only_ones_own_notifications(cast, client_for):
    case = open_case(cast)
    own = _notification(cast["caseworker"], case=case)
    _notification(cast["caseworker"], RiskNotification.REASSESSMENT_OVERDUE)
    others = _notification(cast["supervisor"], CaseNotification.PLAN_SUBMITTED)
    response = client_for("caseworker").get(LIST)
    assert response.status_code == 200
    assert own in response.context["page"] and others not in response.context["page"]
    html = response.content.decode()
    assert "Case closure awaits your approval" in html and "A risk reassessment is overdue" in html
    assert "Case plan awaits your approval" not in html
    assert f'href="{reverse("cases:case_detail", args=[case.pk])}"' in html and case.number in html
    assert html.count(">Unread</span>") == 2
    assert "Aysel" not in html and "Məmmədova" not in html


def test_the_list_is_paginated_newest_first(cast, client_for):
    Notification.objects.bulk_create(
        [Notification(recipient=cast["caseworker"], kind=CaseNotification.CASE_SHARED) for _ in range(30)]
    )
    client = client_for("caseworker")
    first = client.get(LIST).context["page"]
    assert len(first) == 25 and first.paginator.num_pages == 2
    assert [n.pk for n in first] == sorted((n.pk for n in first), reverse=True)
    assert len(client.get(LIST, {"page": 2}).context["page"]) == 5


def test_marking_one_read(cast, client_for):
    notification = _notification(cast["caseworker"])
    client = client_for("caseworker")
    response = client.post(reverse("notifications:notification_mark_read", args=[notification.pk]), {"page": "2"})
    assert response.status_code == 302 and response["Location"] == f"{LIST}?page=2"
    notification.refresh_from_db()
    assert notification.read_at is not None
    assert client.get(reverse("notifications:notification_mark_read", args=[notification.pk])).status_code == 405


def test_another_users_notification_is_404_and_stays_unread(cast, client_for):
    notification = _notification(cast["supervisor"])
    response = client_for("caseworker").post(reverse("notifications:notification_mark_read", args=[notification.pk]))
    assert response.status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_marking_all_read_leaves_other_users_alone(cast, client_for):
    mine = [_notification(cast["caseworker"]) for _ in range(3)]
    theirs = _notification(cast["supervisor"])
    response = client_for("caseworker").post(reverse("notifications:notification_mark_all_read"), {"page": "x"})
    assert response.status_code == 302 and response["Location"] == LIST
    assert all(n.read_at for n in Notification.objects.filter(pk__in=[n.pk for n in mine]))
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_a_user_without_membership_is_refused(cast, client_for):
    client = client_for("caseworker")
    Membership.objects.filter(user=cast["caseworker"]).update(is_active=False)
    assert client.get(LIST).status_code == 403


def _badge(html: str) -> str | None:
    match = re.search(r'data-testid="unread-count">(\d+)<', html)
    return match.group(1) if match else None


def test_the_bell_shows_the_unread_count(cast, client_for):
    client = client_for("caseworker")
    html = client.get(reverse("accounts:home")).content.decode()
    assert f'href="{LIST}"' in html and _badge(html) is None
    for _ in range(2):
        _notification(cast["caseworker"])
    _notification(cast["caseworker"], read_at="2026-01-01T00:00Z")
    _notification(cast["supervisor"])
    html = client.get(reverse("accounts:home")).content.decode()
    assert _badge(html) == "2" and "2 unread" in html
    client.post(reverse("notifications:notification_mark_all_read"))
    assert _badge(client.get(reverse("accounts:home")).content.decode()) is None


def test_the_unread_count_is_one_query_and_nothing_for_anonymous(cast, django_assert_num_queries):
    _notification(cast["caseworker"])
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    with django_assert_num_queries(0):
        assert unread(request) == {"unread_notifications": 0}
    request.user = cast["caseworker"]
    with django_assert_num_queries(1):
        assert unread(request) == {"unread_notifications": 1}


def test_the_list_query_count_does_not_grow_with_notifications(cast, client_for, django_assert_max_num_queries):
    case = open_case(cast)
    client = client_for("caseworker")
    _notification(cast["caseworker"], case=case)
    with CaptureQueriesContext(connection) as few:
        client.get(LIST)
    for _ in range(10):
        _notification(cast["caseworker"], case=open_case(cast, given_name="Other"))
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(LIST)


def test_a_case_number_shows_only_while_the_reader_may_see_the_case(cast, client_for):
    from concord.cases.models import Involvement

    case = open_case(cast)
    _notification(cast["caseworker_other_agency"], CaseNotification.CASE_SHARED, case=case)
    client = client_for("caseworker_other_agency")
    html = client.get(LIST).content.decode()
    assert case.number not in html and reverse("cases:case_detail", args=[case.pk]) not in html
    api = client.get("/api/v1/notifications/").json()["results"][0]
    assert api["case"] is None
    Involvement.objects.create(case=case, agency=cast.other_agency_a, basis="share", granted_by=cast["caseworker"])
    html = client.get(LIST).content.decode()
    assert case.number in html
    assert client.get("/api/v1/notifications/").json()["results"][0]["case"] == case.pk
