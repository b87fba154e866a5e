"""Names of administrative units in every interface language: found by search in any of them, edited through the
page and the API, shown in the reader's language with English as the fallback."""

import json

import pytest
from django.utils import translation

from concord.common.testing.factories import TerritoryFactory

pytestmark = pytest.mark.django_db


def test_a_unit_is_found_by_its_name_in_any_language(cast, client_for):
    TerritoryFactory(code="TT-BIN", parent=cast.country, name_en="Binagadi", names={"az": "Binəqədi", "ru": "Бинагади"})
    client = client_for("system_admin")
    for query in ("Binagadi", "Binəqədi", "Бинагади"):
        page = client.get("/territories/", {"q": query}).content.decode()
        assert "TT-BIN" in page, query
    assert "TT-BIN" not in client.get("/territories/", {"q": "Sumqayıt"}).content.decode()


def test_the_name_follows_the_language_and_falls_back_to_english(cast):
    unit = TerritoryFactory(code="TT-SUM", parent=cast.country, name_en="Sumgait", names={"az": "Sumqayıt"})
    with translation.override("az"):
        assert unit.name == str(unit) == "Sumqayıt"
    with translation.override("ru"):
        assert unit.name == "Sumgait"


def test_the_edit_form_keeps_a_field_per_interface_language(cast, client_for):
    client = client_for("system_admin")
    response = client.post(
        f"/territories/{cast.district_a.pk}/",
        {"name_en": "District A", "name_az": "A rayonu", "name_ru": "", "name_sq": "Rrethi A", "is_active": "on"},
    )
    assert response.status_code == 302
    cast.district_a.refresh_from_db()
    assert cast.district_a.names == {"az": "A rayonu", "sq": "Rrethi A"}


def test_the_api_takes_names_only_in_languages_the_deployment_offers(cast, client_for):
    client = client_for("system_admin")
    url = f"/api/v1/territories/{cast.district_a.pk}/"
    refused = client.patch(url, json.dumps({"names": {"xx": "?"}}), content_type="application/json")
    assert refused.status_code == 400 and "xx" in refused.content.decode()
    accepted = client.patch(url, json.dumps({"names": {"ru": "Район А"}}), content_type="application/json")
    assert accepted.status_code == 200 and accepted.json()["names"] == {"ru": "Район А"}
