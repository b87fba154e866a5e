"""CountryTimeZoneMiddleware: times are shown in the zone of the user's country, without a query per request."""

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils import timezone

from concord.accounts.middleware import CountryTimeZoneMiddleware
from concord.cases.tests.factories import other_country, set_time_zone
from concord.countries.models import Country

pytestmark = pytest.mark.django_db


def _zone_seen_by(user) -> str:
    """The zone a view of `user` runs in, and check that it is put back afterwards."""
    middleware = CountryTimeZoneMiddleware(lambda request: HttpResponse(timezone.get_current_timezone_name()))
    request = RequestFactory().get("/")
    request.user = user
    seen = middleware(request).content.decode()
    assert timezone.get_current_timezone_name() == settings.TIME_ZONE
    return seen


def test_the_users_country_zone_is_active_during_the_request_only(cast):
    set_time_zone("tt", "Pacific/Auckland")
    assert _zone_seen_by(cast["caseworker"]) == "Pacific/Auckland"


def test_each_country_of_a_deployment_has_its_own_zone(cast):
    set_time_zone("tt", "Pacific/Auckland")
    bogota = other_country("uu", "America/Bogota")
    assert _zone_seen_by(cast["supervisor"]) == "Pacific/Auckland"
    assert _zone_seen_by(bogota.caseworker) == "America/Bogota"


def test_without_a_country_pack_or_a_user_the_servers_zone_stays(cast):
    assert not Country.objects.filter(code="tt").exists()
    assert _zone_seen_by(cast["caseworker"]) == settings.TIME_ZONE
    assert _zone_seen_by(AnonymousUser()) == settings.TIME_ZONE


def test_a_zone_activated_outside_is_restored(cast):
    set_time_zone("tt", "Pacific/Auckland")
    with timezone.override("Europe/Tirane"):
        middleware = CountryTimeZoneMiddleware(lambda request: HttpResponse(timezone.get_current_timezone_name()))
        request = RequestFactory().get("/")
        request.user = cast["caseworker"]
        assert middleware(request).content.decode() == "Pacific/Auckland"
        assert timezone.get_current_timezone_name() == "Europe/Tirane"


def test_the_zone_costs_no_query_once_cached_and_a_saved_country_takes_effect_at_once(cast, django_assert_num_queries):
    country = set_time_zone("tt", "Pacific/Auckland")
    user = cast["caseworker"]
    _zone_seen_by(user)  # reads the user's memberships, as every request does
    with django_assert_num_queries(0):
        assert _zone_seen_by(user) == "Pacific/Auckland"
    country.time_zone = "Asia/Almaty"
    country.save()
    assert _zone_seen_by(user) == "Asia/Almaty"
