import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from concord.audit.models import AuditEvent
from concord.cases.choices import CaseAuditAction
from concord.cases.models import Case, TimelineEntry
from concord.cases.selectors import DUE_OR_OVERDUE, DUE_TODAY, OVERDUE, reassessment_cases_today
from concord.cases.tests.factories import (
    ensure_country,
    freeze_now,
    open_case,
    other_country,
    record_incident,
    reviews_due_today_in_two_countries,
    set_time_zone,
)
from concord.conftest import signed_in_client
from concord.countries.models import Country
from concord.countries.profiles import forget_profiles
from concord.people.models import Person

pytestmark = pytest.mark.django_db


def _intake_payload(cast, **overrides):
    now = timezone.localtime()
    return {
        "territory": cast.district_a.pk,
        "survivor_given_name": "Günel",
        "survivor_family_name": "Əliyeva",
        "survivor_birth_date": "1991-02-03",
        "survivor_sex": "female",
        "survivor_national_id": "AZE7654321",
        "survivor_disability": "none",
        "survivor_citizenship": "national",
        "perpetrator_given_name": "Rauf",
        "perpetrator_sex": "male",
        "perpetrator_relationship": "spouse",
        "child_1_given_name": "Aylin",
        "child_1_birth_date": "2018-06-01",
        "incident_occurred_at": (now - datetime.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
        "incident_reported_at": now.strftime("%Y-%m-%dT%H:%M"),
        "incident_place_type": "shared_home",
        "incident_acts": ["hitting", "threats"],
        "incident_injury": "minor",
        "incident_weapon": "none",
        "incident_narrative": "He threw a plate at her.",
        "consent_method": "written",
        "consent_services": "on",
        "consent_statistics": "on",
    } | overrides


def test_intake_opens_a_whole_case_in_one_go(cast, client_for):
    ensure_country()
    response = client_for("caseworker").post(reverse("cases:case_intake"), _intake_payload(cast))
    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("cases:case_detail", args=[case.pk])
    assert case.participants.count() == 3
    assert case.incidents.get().gbvims_type == "physical_assault"
    assert case.consents.count() == 2
    assert case.timeline.filter(kind="case_opened").exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"survivor_birth_date": "2999-01-01"}, "survivor_birth_date"),
        ({"incident_occurred_at": "2999-01-01T10:00"}, "incident_occurred_at"),
        ({"survivor_birth_date": timezone.localdate().isoformat()}, "incident_occurred_at"),
        ({"incident_acts": []}, "incident_acts"),
    ],
)
def test_intake_errors_are_on_the_field_and_nothing_is_saved(cast, client_for, overrides, field):
    ensure_country()
    response = client_for("caseworker").post(reverse("cases:case_intake"), _intake_payload(cast, **overrides))
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not Case.objects.exists() and not Person.objects.exists()


def test_a_national_id_of_another_person_is_refused_at_intake(cast, client_for):
    open_case(cast, national_id="AZE7654321", given_name="Someone", birth_date=datetime.date(1970, 1, 1))
    before = (Case.objects.count(), Person.objects.count())
    response = client_for("caseworker").post(
        reverse("cases:case_intake"), _intake_payload(cast, survivor_given_name="Different", confirm_new_person="on")
    )
    assert "survivor_national_id" in response.context["form"].errors
    assert (Case.objects.count(), Person.objects.count()) == before


def test_intake_warns_of_duplicates_without_leaking_other_agencies(cast, client_for):
    mine = open_case(cast, given_name="Günel", family_name="Əliyeva", birth_date=datetime.date(1991, 2, 3))
    open_case(
        cast,
        territory=cast.district_b,
        actor_name="caseworker_other_district",
        given_name="Gunel",
        family_name="ALIYEVA",
        birth_date=datetime.date(1991, 2, 3),
    )
    payload = _intake_payload(cast, survivor_national_id="")
    response = client_for("caseworker").post(reverse("cases:case_intake"), payload)
    assert response.status_code == 400
    html = response.content.decode()
    assert mine.number in html
    other_number = Case.objects.exclude(pk=mine.pk).get().number
    assert other_number not in html
    assert Case.objects.count() == 2
    matches = response.context["matches"]
    assert sorted(m["hidden_count"] for m in matches) == [0, 1]
    # Choosing the existing person links the new case to her.
    person = mine.participants.get(role="survivor").person
    response = client_for("caseworker").post(reverse("cases:case_intake"), payload | {"use_existing_person": person.pk})
    assert response.status_code == 302
    assert person.participations.count() == 2


def test_case_pages_audit_every_read(cast, client_for):
    case = open_case(cast)
    client = client_for("caseworker")
    for tab in ("people", "notes", "timeline"):
        client.get(reverse("cases:case_tab", args=[case.pk, tab]))
    client.get(reverse("cases:case_detail", args=[case.pk]))
    sections = list(
        AuditEvent.objects.filter(action=CaseAuditAction.CASE_VIEWED, case_id=case.pk).values_list(
            "details__section", flat=True
        )
    )
    assert sorted(sections) == ["notes", "overview", "people", "timeline"]


def test_supervisor_sees_who_read_the_case(cast, client_for):
    case = open_case(cast)
    client_for("coordinator").get(reverse("cases:case_detail", args=[case.pk]))
    response = client_for("supervisor").get(reverse("cases:case_tab", args=[case.pk, "access_log"]))
    assert cast["coordinator"].full_name in response.content.decode()


def test_sensitive_sections_are_masked_for_shared_agencies(cast, client_for):
    from concord.cases import services

    case = open_case(cast, address="12 Nizami Street", phone="+994501112233")
    record_incident(cast, case, narrative="He threatened her with a knife.")
    services.case_share(
        actor=cast["caseworker"],
        case=case,
        agency=cast.other_agency_a,
        legal_exception="imminent_risk",
        justification="Threats to kill reported to the police yesterday evening.",
    )
    reader = client_for("caseworker_other_agency")
    people = reader.get(reverse("cases:case_tab", args=[case.pk, "people"])).content.decode()
    incidents = reader.get(reverse("cases:case_tab", args=[case.pk, "incidents"])).content.decode()
    assert "12 Nizami Street" not in people and "+994501112233" not in people
    assert "knife" not in incidents
    owner = client_for("caseworker").get(reverse("cases:case_tab", args=[case.pk, "incidents"])).content.decode()
    assert "knife" in owner


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_case_list_query_count_does_not_grow_with_cases(cast, client_for):
    client = client_for("caseworker")
    open_case(cast)
    few = _queries(client, reverse("cases:case_list"))
    for n in range(6):
        open_case(cast, given_name=f"Survivor {n}")
    assert _queries(client, reverse("cases:case_list")) == few


@pytest.mark.parametrize("tab", ["overview", "people", "incidents", "notes", "documents", "timeline", "plan"])
def test_case_page_query_count_does_not_grow_with_content(cast, client_for, tab, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from concord.cases import services

    settings.MEDIA_ROOT = str(tmp_path)
    case = open_case(cast)
    actor = cast["caseworker"]

    def add_one(n: int) -> None:
        record_incident(cast, case)
        services.note_add(actor=actor, case=case, text=f"Note {n}")
        goal = services.plan_goal_add(actor=actor, case=case, text=f"Goal {n}")
        services.plan_task_add(actor=actor, goal=goal, description="Call", responsible_agency=cast.agency_a)
        services.attachment_add(
            actor=actor,
            case=case,
            kind="other",
            upload=SimpleUploadedFile(f"{n}.pdf", b"%PDF-1.4", content_type="application/pdf"),
        )

    client = client_for("caseworker")
    url = (
        reverse("cases:case_detail", args=[case.pk])
        if tab == "overview"
        else reverse("cases:case_tab", args=[case.pk, tab])
    )
    add_one(0)
    one = _queries(client, url)
    for n in range(1, 6):
        add_one(n)
    assert _queries(client, url) == one, "a case tab's queries must not grow with its content"


def test_search_by_identifier_is_posted_and_scoped(cast, client_for):
    mine = open_case(cast, national_id="AZE1112223", phone="+994 50 777 66 55")
    theirs = open_case(
        cast,
        territory=cast.district_b,
        actor_name="caseworker_other_district",
        given_name="Other",
        national_id="AZE9998887",
    )
    client = client_for("caseworker")
    for query in ("AZE1112223", "050 777 66 55", mine.number, f" {mine.number.lower()} "):
        page = client.post(reverse("cases:case_list"), {"q": query})
        assert [case.pk for case in page.context["page"]] == [mine.pk]
    assert list(client.post(reverse("cases:case_list"), {"q": "AZE9998887"}).context["page"]) == []
    # A GET with q is ignored: identifiers are never taken from a URL.
    assert theirs.pk not in [c.pk for c in client.get(reverse("cases:case_list") + "?q=AZE9998887").context["page"]]


def test_a_hidden_match_cannot_be_attached_at_intake(cast, client_for):
    """A worker of district B who knows a district-A survivor's name and birth date must not get her into a case
    of their own (and so read her address on its people tab) by posting her id."""
    theirs = open_case(
        cast, given_name="Günel", family_name="Əliyeva", birth_date=datetime.date(1991, 2, 3), address="5 Secret Lane"
    )
    hidden = theirs.participants.get(role="survivor").person
    before = (Case.objects.count(), Person.objects.count(), hidden.participations.count())
    client = client_for("caseworker_other_district")
    payload = _intake_payload(cast, territory=cast.district_b.pk, survivor_national_id="")
    response = client.post(reverse("cases:case_intake"), payload | {"use_existing_person": hidden.pk})
    assert response.status_code == 400
    assert response.context["form"].errors
    assert (Case.objects.count(), Person.objects.count(), hidden.participations.count()) == before
    assert "5 Secret Lane" not in response.content.decode()
    # Ticking "a different person" does not make the id acceptable either.
    response = client.post(
        reverse("cases:case_intake"), payload | {"use_existing_person": hidden.pk, "confirm_new_person": "on"}
    )
    assert hidden.participations.count() == 1


def test_the_intake_service_refuses_a_survivor_the_actor_cannot_see(cast):
    from django.core.exceptions import PermissionDenied

    from concord.cases import services

    theirs = open_case(cast)
    hidden = theirs.participants.get(role="survivor").person
    with pytest.raises(PermissionDenied):
        services.case_open(actor=cast["caseworker_other_district"], survivor=hidden, territory=cast.district_b)
    assert Case.objects.count() == 1


def test_the_access_log_names_sections_in_words(cast, client_for):
    case = open_case(cast)
    client_for("coordinator").get(reverse("cases:case_tab", args=[case.pk, "people"]))
    html = client_for("supervisor").get(reverse("cases:case_tab", args=[case.pk, "access_log"])).content.decode()
    rows = html.split('data-testid="access-log"')[1]
    assert "<td>People</td>" in rows and "<td>people</td>" not in rows
    assert "<td>Case opened</td>" in rows


def test_the_lead_worker_is_chosen_by_name_among_the_case_staff(cast, client_for):
    case = open_case(cast)
    form = client_for("caseworker").get(reverse("cases:case_detail", args=[case.pk])).context["lead_worker_form"]
    options = {label for _value, label in form.fields["lead_worker"].choices}
    assert cast["caseworker"].full_name in options and cast["supervisor"].full_name in options
    assert cast["agency_admin"].full_name not in options and not any("@" in str(label) for label in options)
    from django.core.exceptions import ValidationError

    from concord.cases import services

    with pytest.raises(ValidationError):  # refused by the service too, whatever the form offered
        services.case_set_lead_worker(actor=cast["caseworker"], case=case, lead_worker=cast["agency_admin"])


def test_the_share_form_offers_only_agencies_not_involved_and_sharing_consents(cast, client_for):
    from concord.cases import services

    case = open_case(cast)
    survivor = case.participants.get(role="survivor")
    services.consent_record(
        actor=cast["caseworker"],
        case=case,
        participant=survivor,
        purpose="services",
        method="verbal",
        recipient_agency=cast.agency_a,
    )
    sharing = services.consent_record(
        actor=cast["caseworker"],
        case=case,
        participant=survivor,
        purpose="information_sharing",
        method="written",
        recipient_agency=cast.other_agency_a,
    )
    form = client_for("caseworker").get(reverse("cases:case_detail", args=[case.pk])).context["share_form"]
    agencies = set(form.fields["agency"].queryset)
    assert cast.agency_a not in agencies and cast.other_agency_a in agencies
    assert list(form.fields["consent"].queryset) == [sharing]


def test_accounts_root_leads_home(client, cast, client_for):
    assert client_for("caseworker").get("/accounts/")["Location"] == reverse("accounts:home")
    assert client.get("/accounts/").status_code == 302


def test_the_overview_flags_an_overdue_review(cast, client_for):
    case = open_case(cast)
    today = timezone.localdate()
    url = reverse("cases:case_detail", args=[case.pk])
    Case.objects.filter(pk=case.pk).update(next_risk_review_on=today - datetime.timedelta(days=3))
    assert client_for("caseworker").get(url).context["review_state"] == "overdue"
    Case.objects.filter(pk=case.pk).update(next_risk_review_on=today + datetime.timedelta(days=3))
    assert client_for("caseworker").get(url).context["review_state"] is None


# ---- the country's clock -----------------------------------------------------------------------------------------

JUNE_MORNING_UTC = datetime.datetime(2026, 6, 15, 8, 30, tzinfo=datetime.UTC)


def test_pages_show_times_in_the_zone_of_the_users_country(cast, client_for):
    set_time_zone("tt", "Pacific/Auckland")  # UTC+12 in June
    case = open_case(cast, opened_at=JUNE_MORNING_UTC)
    TimelineEntry.objects.filter(case=case).update(occurred_at=JUNE_MORNING_UTC)
    client = client_for("caseworker")
    overview = client.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    timeline = client.get(reverse("cases:case_tab", args=[case.pk, "timeline"])).content.decode()
    for html in (overview, timeline):
        assert "15/06/2026 20:30" in html
        assert "15/06/2026 12:30" not in html  # settings.TIME_ZONE, Asia/Baku (UTC+4)


def test_two_countries_in_one_deployment_each_see_their_own_zone(cast, client_for):
    set_time_zone("tt", "Pacific/Auckland")
    bogota = other_country("uu", "America/Bogota")  # UTC-5
    here = open_case(cast, opened_at=JUNE_MORNING_UTC)
    there = open_case(cast, actor=bogota.caseworker, territory=bogota.district, opened_at=JUNE_MORNING_UTC)
    html_here = client_for("caseworker").get(reverse("cases:case_detail", args=[here.pk])).content.decode()
    html_there = signed_in_client(bogota.caseworker).get(reverse("cases:case_detail", args=[there.pk])).content.decode()
    assert "15/06/2026 20:30" in html_here and "15/06/2026 03:30" in html_there


def test_a_user_whose_country_has_no_pack_sees_the_servers_zone(cast, client_for, settings):
    case = open_case(cast, opened_at=JUNE_MORNING_UTC)
    Country.objects.filter(code="tt").update(code="zz", time_zone="Pacific/Auckland")
    forget_profiles()  # a queryset update sends no signal
    assert settings.TIME_ZONE == "Asia/Baku"
    html = client_for("caseworker").get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    assert "15/06/2026 12:30" in html


def test_the_overview_flags_a_review_due_by_the_day_in_the_cases_country(cast, client_for, monkeypatch):
    set_time_zone("tt", "Pacific/Auckland")
    case = open_case(cast)
    url = reverse("cases:case_detail", args=[case.pk])
    client = client_for("caseworker")
    freeze_now(monkeypatch, datetime.datetime(2026, 3, 4, 12, 0, tzinfo=datetime.UTC))  # 5 March, 01:00 there
    Case.objects.filter(pk=case.pk).update(next_risk_review_on=datetime.date(2026, 3, 5))
    assert client.get(url).context["review_state"] == "due"  # not yet due on the server's 4 March
    Case.objects.filter(pk=case.pk).update(next_risk_review_on=datetime.date(2026, 3, 4))
    assert client.get(url).context["review_state"] == "overdue"


def test_the_reassessment_filter_takes_each_cases_day(cast, monkeypatch):
    here, there = reviews_due_today_in_two_countries(cast, monkeypatch)
    both = Case.objects.filter(pk__in=[here.pk, there.pk])
    assert set(reassessment_cases_today(both, DUE_TODAY)) == {here, there}
    assert not reassessment_cases_today(both, OVERDUE).exists()
    Case.objects.filter(pk=there.pk).update(next_risk_review_on=datetime.date(2026, 3, 4))  # tomorrow in Bogota
    assert set(reassessment_cases_today(both, DUE_OR_OVERDUE)) == {here}


def test_agency_selects_offer_the_region_and_find_the_rest_by_name(cast, client_for):
    """A form naming an agency lists the case's region and the national bodies; another region's agency is found by
    the search as the user types, and the server accepts it; one of another country or inactive is never found."""
    from concord.accounts.models import Agency
    from concord.common.testing.factories import AgencyFactory, TerritoryFactory

    region = TerritoryFactory(code="TT-R2", parent=cast.country, name_en="South Region")
    far_district = TerritoryFactory(code="TT-DS", parent=region, name_en="District South")
    far = AgencyFactory(code="TT-DS-NGO", territory=far_district, name_en="Far Shelter", names={"ru": "Дальний приют"})
    AgencyFactory(code="TT-DS-OLD", territory=far_district, name_en="Far Closed", is_active=False)
    abroad = TerritoryFactory(code="XX", country_code="xx", name_en="Abroad")
    AgencyFactory(code="XX-NGO", territory=abroad, name_en="Far Abroad")
    case = open_case(cast)
    caseworker = client_for("caseworker")
    page = caseworker.get(reverse("cases:case_detail", args=[case.pk]))
    share_select = page.content.decode().split('name="agency"')[1].split("</select>")[0]
    assert "Executive A" in share_select and "Committee" in share_select and "Police B" in share_select
    assert "Far Shelter" not in share_select
    assert reverse("accounts:agency_options") in page.content.decode()

    def found(query):
        return caseworker.get(reverse("accounts:agency_options"), {"q": query}).content.decode()

    assert f'value="{far.pk}"' in found("far") and "Far Closed" not in found("far") and "Abroad" not in found("far")
    assert f'value="{far.pk}"' in found("приют")
    assert "No agency of that name" in found("nothing like it")
    # The status line the page gave an id: filled out of band, with how many were found.
    status = caseworker.get(reverse("accounts:agency_options"), {"q": "far", "select": "id_agency"}).content.decode()
    assert 'id="id_agency-found"' in status and "1 agency found" in status
    hostile = caseworker.get(reverse("accounts:agency_options"), {"q": "far", "select": '"><script>'}).content.decode()
    assert "<script>" not in hostile and "-found" not in hostile
    # The API's directory searches the same way.
    api = caseworker.get("/api/v1/agencies/", {"q": "приют"}).json()["results"]
    assert [row["code"] for row in api] == ["TT-DS-NGO"]

    every = caseworker.get(reverse("cases:case_detail", args=[case.pk]) + "?agencies=all")
    assert "Far Shelter" in every.content.decode().split('name="agency"')[1].split("</select>")[0]
    response = caseworker.post(
        reverse("cases:case_share", args=[case.pk]),
        {"agency": far.pk, "legal_exception": "child_protection", "justification": "x" * 30},
    )
    assert response.status_code == 302
    assert case.involvements.filter(agency=far, ended_at__isnull=True).exists()
    abroad_agency = Agency.objects.get(code="XX-NGO")
    refused = caseworker.post(
        reverse("cases:case_share", args=[case.pk]),
        {"agency": abroad_agency.pk, "legal_exception": "child_protection", "justification": "x" * 30},
    )
    assert refused.status_code == 400
    assert not case.involvements.filter(agency=abroad_agency).exists()


def test_the_owner_moves_a_case_from_its_overview(cast, client_for):
    case = open_case(cast)
    cast["caseworker"].language = "ru"
    cast["caseworker"].save(update_fields=["language"])
    client = client_for("caseworker")
    page = client.get(reverse("cases:case_detail", args=[case.pk]))
    assert f'action="{reverse("cases:case_move", args=[case.pk])}"'.encode() in page.content
    refused = client.post(reverse("cases:case_move", args=[case.pk]), {"territory": cast.district_a.pk})
    assert refused.status_code == 400
    # The page's choices leave out the case's own district: the field itself refuses it, in Russian.
    assert "Выберите корректный вариант".encode() in refused.content
    moved = client.post(reverse("cases:case_move", args=[case.pk]), {"territory": cast.district_b.pk})
    assert moved.status_code == 302
    case.refresh_from_db()
    assert case.territory == cast.district_b


def test_intake_offers_a_woman_registered_in_another_script(cast, client_for):
    """The police registered her in Azerbaijani Latin; a clinic types her name in Russian Cyrillic."""
    registered = open_case(cast, given_name="Şəbnəm", family_name="Rzayeva", birth_date=datetime.date(1991, 2, 3))
    payload = _intake_payload(
        cast, survivor_given_name="Шабнам", survivor_family_name="Рзаева", survivor_national_id=""
    )
    response = client_for("caseworker").post(reverse("cases:case_intake"), payload)
    assert response.status_code == 400
    (match,) = response.context["matches"]
    assert match["band"] == "same" and match["visible_cases"] == [registered]
    assert registered.number in response.content.decode()


def test_the_case_list_finds_a_name_typed_in_another_script_among_the_readers_cases_only(cast, client_for):
    mine = open_case(cast, given_name="Şəbnəm", family_name="Rzayeva")
    hidden = open_case(
        cast, territory=cast.district_b, actor_name="caseworker_other_district", given_name="Şəbnəm",
        family_name="Rzayeva",
    )  # fmt: skip
    response = client_for("caseworker").post(reverse("cases:case_list"), {"q": "Шабнам Рзаева"})
    found = [case.pk for case in response.context["page"]]
    assert found == [mine.pk]
    assert hidden.number not in response.content.decode()
    # The alleged perpetrator is found by his name too.
    perpetrator = mine.participants.get(role="alleged_perpetrator").person
    response = client_for("caseworker").post(
        reverse("cases:case_list"), {"q": f"{perpetrator.given_name} {perpetrator.family_name}".upper()}
    )
    assert mine.pk in [case.pk for case in response.context["page"]]
