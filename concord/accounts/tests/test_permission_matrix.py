"""Every endpoint × every persona. A persona not in `allowed` must be refused (403 or 404), never served."""

import pytest
from django.test import Client
from django.urls import reverse

from concord.accounts.models import User
from concord.common.testing.matrix import check, endpoint, perform
from concord.common.testing.personas import PERSONAS

ADMINS = {"agency_admin", "agency_admin_other_district", "system_admin"}


def _user_pk(cast, name):
    return cast[name].pk


def _testland(cast) -> str:
    """The cast's country as a loaded pack (reference data every member of staff may read)."""
    from concord.countries.models import Country

    Country.objects.get_or_create(
        code="tt", defaults={"name_en": "Testland", "languages": ["en"], "default_language": "en", "time_zone": "UTC"}
    )
    return "tt"


ENDPOINTS = [
    # HTML
    endpoint("home", lambda c: reverse("accounts:home"), set(PERSONAS)),
    endpoint("profile", lambda c: reverse("accounts:profile"), set(PERSONAS)),
    endpoint("user list", lambda c: reverse("accounts:user_list"), ADMINS),
    endpoint("user create form", lambda c: reverse("accounts:user_create"), ADMINS),
    # A user of agency A: its own agency admin and the system admin only; the admin of district B gets 404.
    endpoint(
        "user detail (agency A)",
        lambda c: reverse("accounts:user_detail", args=[_user_pk(c, "caseworker")]),
        {"agency_admin", "system_admin"},
    ),
    endpoint(
        "user detail (agency B)",
        lambda c: reverse("accounts:user_detail", args=[_user_pk(c, "caseworker_other_district")]),
        {"agency_admin_other_district", "system_admin"},
    ),
    endpoint(
        "user password reset",
        lambda c: reverse("accounts:user_reset_password", args=[_user_pk(c, "caseworker")]),
        {"agency_admin", "system_admin"},
    ),
    endpoint(
        "user deactivate",
        lambda c: reverse("accounts:user_set_active", args=[_user_pk(c, "supervisor")]),
        {"agency_admin", "system_admin"},
        method="post",
        data=lambda c: {"active": "0"},
        ok=frozenset({302}),
    ),
    endpoint("agency list", lambda c: reverse("accounts:agency_list"), {"system_admin"}),
    endpoint("agency create form", lambda c: reverse("accounts:agency_create"), {"system_admin"}),
    # The agencies a case form's search finds: for those who fill case forms.
    endpoint(
        "agency options",
        lambda c: reverse("accounts:agency_options") + "?q=a",
        {"caseworker", "supervisor", "coordinator", "caseworker_other_agency", "caseworker_other_district"},
    ),
    endpoint("agency edit form", lambda c: reverse("accounts:agency_edit", args=[c.agency_a.pk]), {"system_admin"}),
    endpoint("territory list", lambda c: reverse("territory:territory_list"), {"system_admin"}),
    endpoint(
        "territory edit form", lambda c: reverse("territory:territory_edit", args=[c.district_a.pk]), {"system_admin"}
    ),
    endpoint("audit log", lambda c: reverse("audit:audit_log"), {"auditor"}),
    endpoint("api tokens", lambda c: reverse("accounts:api_token_list"), ADMINS),
    endpoint("django admin", lambda c: reverse("admin:index"), {"system_admin"}, denied=frozenset({302})),
    # API
    endpoint("api me", lambda c: "/api/v1/me/", set(PERSONAS)),
    endpoint("api territories", lambda c: "/api/v1/territories/", set(PERSONAS)),
    endpoint(
        "api territory update",
        lambda c: f"/api/v1/territories/{c.district_a.pk}/",
        {"system_admin"},
        method="patch",
        data=lambda c: {"name_en": "District A"},
    ),
    endpoint("api agency kinds", lambda c: "/api/v1/agency-kinds/", set(PERSONAS)),
    endpoint("working calendar", lambda c: reverse("countries:calendar", args=[_testland(c), 2026]), set(PERSONAS)),
    endpoint("api countries", lambda c: f"/api/v1/countries/?{_testland(c)}", set(PERSONAS)),
    endpoint("api working calendar", lambda c: f"/api/v1/countries/{_testland(c)}/calendar/?year=2026", set(PERSONAS)),
    endpoint("api agencies", lambda c: "/api/v1/agencies/", set(PERSONAS)),
    endpoint(
        "api agency update",
        lambda c: f"/api/v1/agencies/{c.agency_a.pk}/",
        {"system_admin"},
        method="patch",
        data=lambda c: {"phone": "+994 12 000 00 00"},
    ),
    endpoint("api users", lambda c: "/api/v1/users/", ADMINS),
    endpoint(
        "api user detail (agency A)",
        lambda c: f"/api/v1/users/{_user_pk(c, 'caseworker')}/",
        {"agency_admin", "system_admin"},
    ),
    endpoint(
        "api user deactivate (agency A)",
        lambda c: f"/api/v1/users/{_user_pk(c, 'supervisor')}/deactivate/",
        {"agency_admin", "system_admin"},
        method="post",
    ),
    endpoint("api schema", lambda c: "/api/v1/schema/", set(PERSONAS)),
    endpoint("api api-tokens", lambda c: "/api/v1/api-tokens/", ADMINS),
]


@pytest.mark.parametrize("spec", ENDPOINTS, ids=lambda spec: spec.name)
@pytest.mark.parametrize("persona", list(PERSONAS))
def test_permission_matrix(spec, persona, cast, client_for):
    check(perform(client_for(persona), spec, cast), spec, persona)


@pytest.mark.parametrize("spec", ENDPOINTS, ids=lambda spec: spec.name)
def test_anonymous_is_refused(spec, cast):
    response = perform(Client(), spec, cast)
    assert response.status_code in {302, 401, 403}
    if response.status_code == 302:
        assert "/accounts/login/" in response["Location"] or "/admin/login/" in response["Location"]


@pytest.mark.parametrize("persona", ["caseworker", "agency_admin", "system_admin"])
def test_deactivated_user_is_refused_everywhere(persona, cast):
    user = cast[persona]
    from concord.conftest import signed_in_client

    client = signed_in_client(user)
    User.objects.filter(pk=user.pk).update(is_active=False)
    assert client.get(reverse("accounts:home")).status_code == 302
    assert client.get("/api/v1/me/").status_code in {401, 403}
