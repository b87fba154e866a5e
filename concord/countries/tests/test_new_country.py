"""A new country by configuration alone: the invented Kecalio (tests/packs/xq) loads, seeds demo data, speaks its
own language, keeps its own clock and computes deadlines over its own calendar — with no change to Concord's code.
Runs on SQLite and on PostgreSQL."""

import datetime
import io
import re

import pytest
from django.core.management import call_command

from concord.accounts.models import Agency, User
from concord.cases import services as case_services
from concord.cases.models import Case
from concord.cases.tests.factories import freeze_now
from concord.common.testing.packs import TEST_PACKS
from concord.conftest import signed_in_client
from concord.countries.calendar import working_calendar
from concord.countries.models import CalendarDay, Country
from concord.people.models import Person
from concord.people.services import person_create
from concord.risk.selectors import instruments_for_case
from concord.territory.models import Territory
from config.languages import interface_languages

UTC = datetime.UTC


def load_kecalio(settings) -> Country:
    """The pack found in an operator's pack folder, and its language's catalogue in an operator's locale folder."""
    settings.COUNTRY_PACK_DIRS = [TEST_PACKS]
    settings.LOCALE_PATHS = [TEST_PACKS / "locale", *settings.LOCALE_PATHS]
    settings.LANGUAGES = interface_languages(settings.LOCALE_PATHS, [])
    out = io.StringIO()
    call_command("load_country", "xq", "--check", stdout=out)
    assert not Country.objects.filter(code="xq").exists(), "--check writes nothing"
    call_command("load_country", "xq", stdout=out)
    call_command("seed_demo", "--country", "xq", "--cases", "3", stdout=out)
    return Country.objects.get(code="xq")


@pytest.fixture
def kecalio(settings, db) -> Country:
    return load_kecalio(settings)


def test_the_pack_loads_with_its_names_calendar_and_rules(kecalio):
    assert kecalio.languages == ["eo", "en"] and kecalio.default_language == "eo"
    assert kecalio.time_zone == "Pacific/Auckland"
    lagoon = Territory.objects.get(code="XQ-N-LAG")
    assert lagoon.name_en == "Lagoon Commune" and lagoon.names == {"eo": "Laguna Komunumo"}
    assert lagoon.name_in("eo") == "Laguna Komunumo" and lagoon.name_in("az") == "Lagoon Commune"
    transferred = CalendarDay.objects.get(country=kecalio, date=datetime.date(2026, 1, 10))
    assert transferred.kind == CalendarDay.Kind.WORKING_DAY and "Decree 7/2025" in transferred.source
    assert Agency.objects.filter(code__startswith="XQ-").count() == 5


def test_the_shared_instrument_is_adopted_without_editing_it(kecalio):
    case = Case.objects.filter(territory__country_code="xq").first()
    offered = instruments_for_case(case, kecalio.today())
    assert [(version.code, version.version) for version in offered] == [("CONCORD-RF", "1.0.0")]
    assert "xq" not in offered[0].jurisdictions


def test_demo_data_takes_its_names_from_the_pack(kecalio):
    persons = Person.objects.filter(registered_by_agency__territory__country_code="xq")
    given = {person.given_name for person in persons}
    assert given and given <= {
        *["Amika", "Belula", "Ĉiela", "Dolĉa", "Esperanta", "Floreta", "Gaja", "Helena", "Ilona", "Juneta"],
        *["Amiko", "Bruno", "Ĉarlo", "Dano", "Emilo", "Feliko", "Gustavo", "Hugo", "Ivano", "Justeno"],
    }
    caseworker = User.objects.get(email="caseworker.xq@example.org")
    assert caseworker.agency.kind.code == "social_protection"


def test_a_case_opened_just_after_local_midnight_on_new_years_day_has_the_new_year(kecalio, monkeypatch):
    caseworker = User.objects.get(email="caseworker.xq@example.org")
    # 11:30 on 31 December in UTC and 15:30 in Baku: 00:30 on 1 January 2026 in Kecalio.
    freeze_now(monkeypatch, datetime.datetime(2025, 12, 31, 11, 30, tzinfo=UTC))
    survivor = person_create(agency=caseworker.agency, given_name="Amika", family_name="Arbaro", sex="female")
    case = case_services.case_open(
        actor=caseworker, survivor=survivor, territory=Territory.objects.get(code="XQ-N-LAG")
    )
    assert re.fullmatch(r"XQ-N-LAG/\d{5}/2026", case.number), case.number


def test_a_deadline_counts_the_transferred_working_day(kecalio):
    calendar = working_calendar("xq")
    thursday = datetime.date(2026, 1, 8)
    # Friday the 9th, then Saturday the 10th, worked by decree in exchange for the bridge day of 2 January.
    assert calendar.deadline(thursday, 2, "working_days") == datetime.date(2026, 1, 10)
    assert calendar.deadline(thursday, 3, "working_days") == datetime.date(2026, 1, 12)
    assert not calendar.is_working_day(datetime.date(2026, 1, 2))
    assert calendar.is_working_day(datetime.date(2026, 4, 30)) and calendar.is_short_day(datetime.date(2026, 4, 30))
    # Ten calendar days from 23 December end on Friday 2 January, a day off: a legal period runs on to Monday.
    assert calendar.deadline(datetime.date(2025, 12, 23), 10, "days") == datetime.date(2026, 1, 2)
    assert calendar.deadline(datetime.date(2025, 12, 23), 10, "days", ends_on_working_day=True) == datetime.date(
        2026, 1, 5
    )


def test_its_users_see_its_language_and_its_local_times(kecalio, monkeypatch, settings):
    settings.DEMO_MODE, settings.MFA_ENROLMENT = True, "demo-accounts-exempt"  # the seeded users have no second factor
    caseworker = User.objects.get(email="caseworker.xq@example.org")
    freeze_now(monkeypatch, datetime.datetime(2026, 6, 15, 8, 30, tzinfo=UTC))  # 20:30 in Kecalio, 12:30 in Baku
    survivor = person_create(agency=caseworker.agency, given_name="Belula", family_name="Bordo", sex="female")
    case = case_services.case_open(
        actor=caseworker, survivor=survivor, territory=Territory.objects.get(code="XQ-N-LAG")
    )
    client = signed_in_client(caseworker)

    home = client.get("/").content.decode()
    assert '<html lang="eo"' in home and "Kazoj" in home
    offered = set(re.findall(r'<option value="(\w+)" lang=', home))
    assert offered == {"eo", "en"}

    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "20:30" in page and "12:30" not in page
    assert "Laguna Komunumo" in page

    api = client.get(f"/api/v1/cases/{case.pk}/").json()
    assert api["opened_at"].endswith("+12:00")

    # A language the country does not offer is refused, even posted by hand.
    client.post("/language/", {"language": "az", "next": "/"})
    caseworker.refresh_from_db()
    assert caseworker.language != "az"
    assert '<html lang="eo"' in client.get("/").content.decode()
