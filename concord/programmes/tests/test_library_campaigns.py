"""The materials library (versions and languages, open to every member of staff, downloads counted and audited)
and the awareness campaigns (a programme, campaigns within its dates, activities on their channels within its area,
the people reached by channel), through the services, the pages and the API; refusals write nothing."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from concord.audit.models import AuditEvent
from concord.common.testing.rows import assert_nothing_written, row_counts
from concord.programmes import selectors, services
from concord.programmes.models import MaterialVersion

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _pdf(name: str = "handbook.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, "application/pdf")


@pytest.fixture
def handbook(cast):
    material = services.material_create(
        actor=cast["coordinator"], kind="handbook", title="Handbook for journalists",
        description="Reporting on domestic violence without harming survivors.",
    )  # fmt: skip
    services.material_version_add(
        actor=cast["coordinator"], material=material, version="2026", language="az", upload=_pdf()
    )
    return material


def test_the_library_keeps_versions_and_languages_and_counts_downloads(cast, handbook, client_for):
    services.material_version_add(
        actor=cast["coordinator"], material=handbook, version="2026", language="ru", upload=_pdf("ru.pdf")
    )
    before = row_counts()
    for values in (
        {"version": "2026", "language": "az", "upload": _pdf()},  # already there
        {"version": "2027", "language": "xx", "upload": _pdf()},
        {"version": "2027", "language": "sq", "upload": SimpleUploadedFile("a.pdf", b"MZ\x90\x00", "application/pdf")},
        {"version": " ", "language": "sq", "upload": _pdf()},
    ):
        with pytest.raises(ValidationError):
            services.material_version_add(actor=cast["coordinator"], material=handbook, **values)
    with pytest.raises(PermissionDenied):
        services.material_version_add(
            actor=cast["caseworker"], material=handbook, version="2027", language="sq", upload=_pdf()
        )
    assert_nothing_written(before)
    version = handbook.versions.get(language="az")
    # Every member of staff reads the library and downloads, whatever their role.
    for persona in ("caseworker", "analyst", "auditor"):
        client = client_for(persona)
        assert "Handbook for journalists" in client.get(reverse("programmes:material_list")).content.decode()
        response = client.get(reverse("programmes:material_download", args=[version.pk]))
        assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert MaterialVersion.objects.get(pk=version.pk).downloads == 3
    assert AuditEvent.objects.filter(action="material_downloaded", object_id=str(version.pk)).count() == 3
    filtered = client_for("caseworker").get(reverse("programmes:material_list") + "?language=ru").content.decode()
    assert "Handbook for journalists" in filtered
    api = client_for("analyst").get(f"/api/v1/materials/{handbook.pk}/").json()
    assert {row["language"] for row in api["versions"]} == {"az", "ru"}
    download = client_for("analyst").get(f"/api/v1/materials/{handbook.pk}/files/{version.pk}/")
    assert download.status_code == 200 and MaterialVersion.objects.get(pk=version.pk).downloads == 4


def test_adding_a_material_through_the_page_and_the_api(cast, client_for):
    client = client_for("coordinator")
    response = client.post(
        reverse("programmes:material_create"),
        {"kind": "curriculum", "title": "Curriculum for the police", "version": "1", "language": "ru", "file": _pdf()},
    )
    assert response.status_code == 302
    empty = SimpleUploadedFile("e.pdf", b"", "application/pdf")
    refused = client.post(
        reverse("programmes:material_create"),
        {"kind": "curriculum", "title": "Empty", "version": "1", "language": "ru", "file": empty},
    )
    assert refused.status_code == 400
    assert not selectors.material_list_for(cast["coordinator"]).filter(title="Empty").exists()
    made = client.post("/api/v1/materials/", {"kind": "leaflet", "title": "Leaflet"}, content_type="application/json")
    assert made.status_code == 201
    upload = client.post(
        f"/api/v1/materials/{made.json()['id']}/versions/", {"version": "1", "language": "sq", "file": _pdf()}
    )
    assert upload.status_code == 201 and upload.json()["language"] == "sq"


@pytest.fixture
def programme(cast):
    return services.campaign_programme_create(
        actor=cast["coordinator"], title="Awareness 2026-2027", starts_on=datetime.date(2026, 1, 1),
        ends_on=datetime.date(2027, 12, 31), objectives="Fewer people think violence at home is private.",
    )  # fmt: skip


def test_campaigns_their_activities_and_reach(cast, programme, handbook, client_for):
    campaign = services.campaign_create(
        actor=cast["coordinator"], programme=programme, title="16 days of activism", audiences=["general_public"],
        channels=["tv", "social_media", "events"], starts_on=datetime.date(2026, 11, 25),
        ends_on=datetime.date(2026, 12, 10),
    )  # fmt: skip
    before = row_counts()
    for overrides in (
        {"channel": "radio"},
        {"starts_on": datetime.date(2026, 11, 1)},
        {"territory": cast.district_b.parent.parent},
        {"reach": -1},
    ):
        values = {
            "channel": "tv", "title": "Spot", "starts_on": datetime.date(2026, 11, 25),
            "ends_on": datetime.date(2026, 12, 1), "territory": cast.district_a, "reach": 10,
        } | overrides  # fmt: skip
        with pytest.raises(ValidationError):
            services.campaign_activity_record(actor=cast["coordinator"], campaign=campaign, **values)
    with pytest.raises(ValidationError):
        services.campaign_create(
            actor=cast["coordinator"], programme=programme, title="Late", audiences=["women"], channels=["tv"],
            starts_on=datetime.date(2027, 12, 1), ends_on=datetime.date(2028, 1, 31),
        )  # fmt: skip
    assert_nothing_written(before)
    for channel, reach in (("tv", 120000), ("social_media", 45000), ("tv", 30000)):
        services.campaign_activity_record(
            actor=cast["coordinator"], campaign=campaign, channel=channel, title="Activity",
            starts_on=datetime.date(2026, 11, 26), ends_on=datetime.date(2026, 11, 30), territory=cast.district_a,
            reach=reach, materials=[handbook],
        )  # fmt: skip
    reach = selectors.campaign_reach(campaign.activities.all())
    assert reach.total == 195000 and reach.activities == 3
    assert reach.by_channel == [("Social media", 1, 45000), ("Television", 2, 150000)]
    from concord.stats import catalogue
    from concord.stats.catalogue import Filters, count, count_many

    year = Filters(country_code="tt", start=datetime.date(2026, 1, 1), end=datetime.date(2027, 1, 1))
    cells = {k: n for k, n in count(catalogue.indicator("campaign-activities"), year, "").cells.items() if n}
    assert cells == {("social_media", None): 1, ("tv", None): 2}
    # Reach is summed, not counted, in every split of one grouped query (GROUPING SETS on PostgreSQL).
    reached = count_many(catalogue.indicator("campaign-reach"), year, ["", "period"])
    assert {k: n for k, n in reached[""].cells.items() if n} == {("social_media", None): 45000, ("tv", None): 150000}
    assert reached[""].distinct_total == 195000
    assert sum(n for (row, _c), n in reached["period"].cells.items() if row == "tv") == 150000
    outside = Filters(country_code="tt", start=datetime.date(2025, 1, 1), end=datetime.date(2026, 1, 1))
    assert count(catalogue.indicator("campaign-reach"), outside, "").distinct_total == 0
    page = client_for("analyst").get(reverse("programmes:campaign_detail", args=[campaign.pk])).content.decode()
    assert "195000 people reached by 3 activities" in page
    api = client_for("analyst").get(f"/api/v1/campaigns/{campaign.pk}/reach/").json()
    assert api["total"] == 195000
    made = client_for("coordinator").post(
        f"/api/v1/campaigns/{campaign.pk}/activities/",
        {"channel": "events", "title": "March", "starts_on": "2026-11-25", "ends_on": "2026-11-25",
         "territory": cast.district_a.pk, "reach": 800, "materials": [handbook.pk]},
        content_type="application/json",
    )  # fmt: skip
    assert made.status_code == 201
    refused = client_for("coordinator").post(
        f"/api/v1/campaigns/{campaign.pk}/activities/",
        {"channel": "events", "title": "March", "starts_on": "2026-11-25", "ends_on": "2026-11-25",
         "territory": cast.district_a.pk, "reach": 800, "materials": [10**9]},
        content_type="application/json",
    )  # fmt: skip
    assert refused.status_code == 400
