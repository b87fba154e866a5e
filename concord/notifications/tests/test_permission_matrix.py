"""Every notification endpoint × every persona: everyone may use their own notifications, nobody anyone else's."""

import pytest
from django.test import Client
from django.urls import reverse

from concord.common.testing.matrix import check, check_anonymous, endpoint, perform
from concord.common.testing.personas import PERSONAS
from concord.notifications.models import Notification
from concord.risk.choices import RiskNotification

EVERYONE = set(PERSONAS)
NOT_FOUND = frozenset({404})


def _caseworkers(c) -> int:
    return c.extra["notification"].pk


ENDPOINTS = [
    endpoint("notification list", lambda c: reverse("notifications:notification_list"), EVERYONE),
    endpoint(
        "mark all notifications read",
        lambda c: reverse("notifications:notification_mark_all_read"),
        EVERYONE,
        method="post",
        ok=frozenset({302}),
    ),
    endpoint(
        "mark read (caseworker's notification)",
        lambda c: reverse("notifications:notification_mark_read", args=[_caseworkers(c)]),
        {"caseworker"},
        method="post",
        ok=frozenset({302}),
        denied=NOT_FOUND,
    ),
    # API
    endpoint("api notifications", lambda c: "/api/v1/notifications/", EVERYONE),
    endpoint(
        "api notification (caseworker's)",
        lambda c: f"/api/v1/notifications/{_caseworkers(c)}/",
        {"caseworker"},
        denied=NOT_FOUND,
    ),
    endpoint(
        "api notification read (caseworker's)",
        lambda c: f"/api/v1/notifications/{_caseworkers(c)}/read/",
        {"caseworker"},
        method="post",
        denied=NOT_FOUND,
    ),
]


@pytest.fixture
def notification_cast(cast):
    notifications = {
        name: Notification.objects.create(recipient=user, kind=RiskNotification.REASSESSMENT_DUE)
        for name, user in cast.users.items()
    }
    cast.extra = {"notification": notifications["caseworker"], "notifications": notifications}
    return cast


@pytest.mark.parametrize("spec", ENDPOINTS, ids=lambda spec: spec.name)
@pytest.mark.parametrize("persona", list(PERSONAS))
def test_notification_permission_matrix(spec, persona, notification_cast, client_for):
    check(perform(client_for(persona), spec, notification_cast), spec, persona)


@pytest.mark.parametrize("spec", ENDPOINTS, ids=lambda spec: spec.name)
def test_anonymous_is_refused(spec, notification_cast):
    response = perform(Client(), spec, notification_cast)
    check_anonymous(response, spec)


@pytest.mark.parametrize("persona", list(PERSONAS))
def test_everyone_may_mark_their_own_notification_read(persona, notification_cast, client_for):
    own = notification_cast.extra["notifications"][persona]
    client = client_for(persona)
    assert client.get(f"/api/v1/notifications/{own.pk}/").status_code == 200
    assert client.post(reverse("notifications:notification_mark_read", args=[own.pk])).status_code == 302
    assert client.post(f"/api/v1/notifications/{own.pk}/read/").status_code == 200
    own.refresh_from_db()
    assert own.read_at is not None
