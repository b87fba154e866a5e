"""The protection pages: the case's tab with the gap alert, the application and decision forms, the order page with
its legal timeline and what is late, breaches, proceedings, the register and its export; query counts that do not
grow with the rows; refusals that write nothing."""

import datetime
import io

import pytest
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from concord.accounts.models import Agency
from concord.audit.models import AuditEvent
from concord.cases.tests.factories import open_case, record_incident
from concord.common.testing.factories import AgencyFactory, TerritoryFactory
from concord.common.testing.rows import row_counts
from concord.protection import services
from concord.protection.models import Breach, Gap, Order, Proceeding
from concord.protection.tests.factories import apply, build_scene, issued_ban, respondent_of, survivor_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene(cast):
    return build_scene(cast)


@pytest.fixture
def case(cast, scene):
    return open_case(cast)


def local(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def test_the_tab_lists_orders_and_its_queries_do_not_grow(cast, scene, case, client_for):
    issued_ban(cast, case, scene)
    client = client_for("caseworker")
    url = reverse("protection:case_protection", args=[case.pk])
    before = AuditEvent.objects.filter(action="case_viewed").count()
    with CaptureQueriesContext(connection) as one:
        response = client.get(url)
    assert response.status_code == 200 and "Police barring order" in response.content.decode()
    assert AuditEvent.objects.filter(action="case_viewed").count() == before + 1
    for _ in range(4):
        issued_ban(cast, case, scene)
    with CaptureQueriesContext(connection) as five:
        client.get(url)
    assert len(five) == len(one)


def test_applying_through_the_form(cast, scene, case, client_for):
    client = client_for("caseworker")
    url = reverse("protection:order_create", args=[case.pk])
    assert client.get(url).status_code == 200
    data = {
        "measure": scene.ban.pk, "applicant_kind": "survivor", "respondent": respondent_of(case).pk,
        "protected": [survivor_of(case).pk], "issuer": cast.agency_a.pk,
        "applied_at": local(timezone.now() - datetime.timedelta(hours=1)),
    }  # fmt: skip
    response = client.post(url, data)
    order = Order.objects.get(case=case)
    assert response.status_code == 302 and response.url == reverse("protection:order_detail", args=[order.pk])
    page = client.get(response.url).content.decode()
    assert 'data-testid="order-timeline"' in page and 'data-testid="decide-form"' in page


def test_the_forms_offer_the_issuers_of_the_region_and_find_the_others_by_name(cast, scene, case, client_for):
    # A country has hundreds of courts and police stations: the forms list the region's, the rest are searched.
    far_region = TerritoryFactory(code="TT-R2", parent=cast.country, name_en="South Region")
    far_district = TerritoryFactory(code="TT-DS", parent=far_region, name_en="District South")
    far = AgencyFactory(code="TT-DS-POLICE", kind=cast.agency_a.kind, territory=far_district, name_en="Police South")
    client = client_for("caseworker")
    apply_url = reverse("protection:order_create", args=[case.pk])
    for url in (apply_url, reverse("protection:register")):
        page = client.get(url).content.decode()
        assert "Police B" in page and "Police South" not in page
        assert "kind=local_executive&amp;kind=police" in page
        assert "Police South" in client.get(url + "?agencies=all").content.decode()
    search = reverse("accounts:agency_options") + "?q=South&kind=police"
    assert "Police South" in client.get(search).content.decode()
    assert "Police South" not in client.get(search.replace("kind=police", "kind=health")).content.decode()
    # Found by search, an agency the page did not list is accepted, and still checked against the issuing kinds.
    data = {
        "measure": scene.ban.pk, "applicant_kind": "survivor", "respondent": respondent_of(case).pk,
        "protected": [survivor_of(case).pk], "issuer": far.pk,
        "applied_at": local(timezone.now() - datetime.timedelta(hours=1)),
    }  # fmt: skip
    health = Agency.objects.get(code="TT-DA-HEALTH")
    assert client.post(apply_url, data | {"issuer": health.pk}).status_code == 400
    assert not Order.objects.exists()
    assert client.post(apply_url, data).status_code == 302
    assert Order.objects.get(case=case).issuer == far


def test_a_respondent_who_is_not_a_perpetrator_is_refused_with_nothing_written(cast, scene, case, client_for):
    client = client_for("caseworker")
    before = row_counts()
    response = client.post(
        reverse("protection:order_create", args=[case.pk]),
        {"measure": scene.ban.pk, "applicant_kind": "survivor", "respondent": survivor_of(case).pk,
         "protected": [survivor_of(case).pk], "issuer": cast.agency_a.pk, "applied_at": local(timezone.now())},
    )  # fmt: skip
    assert response.status_code == 400
    assert row_counts() == before


def test_deciding_then_breaching_on_the_order_page(cast, scene, case, client_for):
    order = apply(cast, case, scene.ban)
    client = client_for("caseworker")
    decided = order.applied_at + datetime.timedelta(minutes=30)
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(
            reverse("protection:order_decide", args=[order.pk]),
            {"issued": "yes", "decided_at": local(decided), "conditions": ["no_contact", "stay_away"],
             "stay_away_metres": "100"},
        )  # fmt: skip
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.conditions == [{"code": "no_contact"}, {"code": "stay_away", "number": 100}]
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(
            reverse("protection:breach_create", args=[order.pk]),
            {"occurred_at": local(timezone.now() - datetime.timedelta(minutes=5)), "reported_by_kind": "survivor",
             "conditions": ["stay_away"], "response": "warning", "description": "He waited outside her house."},
        )  # fmt: skip
    assert response.status_code == 302 and Breach.objects.filter(order=order).count() == 1
    page = client.get(reverse("protection:order_detail", args=[order.pk])).content.decode()
    assert "He waited outside her house." in page


def test_a_late_decision_shows_on_the_timeline(cast, scene, case, client_for):
    order = apply(cast, case, scene.ban, applied_at=timezone.now() - datetime.timedelta(days=2))
    page = client_for("caseworker").get(reverse("protection:order_detail", args=[order.pk])).content.decode()
    assert 'data-testid="late"' in page


def test_the_gap_shows_on_the_tab(cast, scene, case, client_for):
    order = issued_ban(cast, case, scene)
    Gap.objects.create(case=case, territory=case.territory, order=order)
    page = client_for("caseworker").get(reverse("protection:case_protection", args=[case.pk])).content.decode()
    assert 'data-testid="protection-gap"' in page


def test_proceedings_through_the_forms(cast, scene, case, client_for):
    incident = record_incident(cast, case, occurred_at=timezone.now() - datetime.timedelta(days=3))
    client = client_for("caseworker")
    response = client.post(
        reverse("protection:proceeding_create", args=[case.pk]),
        {"incident": incident.pk, "kind": "criminal", "body": "police", "qualification": scene.battery_criminal.pk,
         "registered_on": timezone.localdate().isoformat()},
    )  # fmt: skip
    assert response.status_code == 302
    proceeding = Proceeding.objects.get(case=case)
    response = client.post(
        reverse("protection:step_create", args=[proceeding.pk]),
        {"stage": "refused", "on": timezone.localdate().isoformat(), "body": "police", "end_reason": ""},
    )
    assert response.status_code == 400
    response = client.post(
        reverse("protection:step_create", args=[proceeding.pk]),
        {"stage": "refused", "on": timezone.localdate().isoformat(), "body": "police", "end_reason": "no_offence"},
    )
    assert response.status_code == 302
    proceeding.refresh_from_db()
    assert proceeding.stage == "refused"


def test_the_register_and_its_export_are_scoped_and_audited(cast, scene, case, client_for):
    issued_ban(cast, case, scene)
    other = open_case(cast, actor_name="caseworker_other_district", territory=cast.district_b)
    apply(cast, other, scene.ban, actor_name="caseworker_other_district", issuer=cast.agency_b)
    coordinator = client_for("coordinator")
    page = coordinator.get(reverse("protection:register")).content.decode()
    assert case.number in page and other.number not in page
    response = coordinator.get(reverse("protection:register_export") + "?view=all")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    numbers = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert numbers == [case.number]
    assert AuditEvent.objects.filter(action="orders_exported", actor=cast["coordinator"]).exists()


def test_the_register_filters_by_type_and_its_queries_do_not_grow(cast, scene, case, client_for):
    issued_ban(cast, case, scene)
    apply(cast, case, scene.injunction)
    client = client_for("coordinator")
    url = reverse("protection:register") + "?view=all"
    with CaptureQueriesContext(connection) as two:
        page = client.get(url).content.decode()
    assert page.count('data-testid="order-status"') == 2
    filtered = client.get(url + f"&measure={scene.injunction.pk}").content.decode()
    assert filtered.count('data-testid="order-status"') == 1
    for _ in range(4):
        issued_ban(cast, open_case(cast, given_name="Leyla"), scene)
    with CaptureQueriesContext(connection) as six:
        page = client.get(url).content.decode()
    assert page.count('data-testid="order-status"') == 6
    assert len(six) == len(two)


def test_the_order_page_queries_do_not_grow_with_breaches(cast, scene, case, client_for):
    order = issued_ban(cast, case, scene)
    client = client_for("caseworker")
    url = reverse("protection:order_detail", args=[order.pk])

    def breach():
        services.breach_record(
            actor=cast["caseworker"], order=order, occurred_at=timezone.now() - datetime.timedelta(minutes=3),
            reported_by_kind="survivor", conditions=["no_contact"], response="warning",
        )  # fmt: skip

    breach()
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for _ in range(3):
        breach()
    with CaptureQueriesContext(connection) as four:
        assert client.get(url).content.decode().count("list-group-item") >= 4
    assert len(four) == len(one)
