import datetime
import shutil

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from concord.accounts.models import Agency
from concord.countries.loader import PackInvalid, apply_pack, available_packs, read_pack
from concord.countries.models import Country
from concord.risk.selectors import risk_rules_on
from concord.territory.models import Territory


def test_every_shipped_pack_is_valid():
    assert {"az", "al", "kz"} <= set(available_packs())
    for code in available_packs():
        pack = read_pack(code)
        assert pack.territories[0]["code"] == code.upper()


def test_albania_has_61_municipalities_in_12_counties():
    pack = read_pack("al")
    assert sum(1 for row in pack.territories if row["level"] == 1) == 12
    assert sum(1 for row in pack.territories if row["level"] == 2) == 61


@pytest.mark.django_db
def test_loading_twice_changes_nothing():
    first = apply_pack(read_pack("az"))
    counts = (
        Territory.objects.count(),
        Agency.objects.count(),
        Country.objects.get(code="az").holidays.count(),
    )
    with translation.override("az"):  # the active language must not matter
        second = apply_pack(read_pack("az"))
    assert first.changed and not second.changed
    assert (
        Territory.objects.count(),
        Agency.objects.count(),
        Country.objects.get(code="az").holidays.count(),
    ) == counts
    binagadi = Territory.objects.get(code="AZ-BIN")
    assert binagadi.path.startswith("AZ/") and binagadi.name_az


@pytest.mark.django_db
def test_reloading_a_changed_pack_updates_in_place(tmp_path):
    folder = tmp_path / "az"
    shutil.copytree(read_pack("az").folder, folder)
    apply_pack(read_pack("az"))
    territories = (folder / "territories.csv").read_text(encoding="utf-8")
    (folder / "territories.csv").write_text(
        territories.replace("Binagadi District", "Binagadi Raion", 1), encoding="utf-8"
    )
    report = apply_pack(read_pack("az", folder))
    assert report.updated.get("territory") == 1
    assert Territory.objects.get(code="AZ-BIN").name_en == "Binagadi Raion"


@pytest.mark.django_db
def test_working_days_follow_the_pack_calendar():
    apply_pack(read_pack("az"))
    country = Country.objects.get(code="az")
    assert not country.is_working_day(datetime.date(2026, 3, 21))  # Novruz
    assert not country.is_working_day(datetime.date(2026, 11, 22))  # a Sunday
    assert country.is_working_day(datetime.date(2026, 11, 23))


def _broken_pack(tmp_path, file: str, old: str, new: str):
    folder = tmp_path / "az"
    shutil.copytree(read_pack("az").folder, folder, dirs_exist_ok=True)
    path = folder / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(PackInvalid) as error:
        read_pack("az", folder)
    return error.value.problems


def test_unknown_yaml_key_is_named_with_its_line(tmp_path):
    problems = _broken_pack(tmp_path, "pack.yaml", "time_zone:", "time_zonee:")
    keys = {(p.file, p.key) for p in problems}
    assert ("pack.yaml", "time_zonee") in keys and ("pack.yaml", "time_zone") in keys
    unknown = next(p for p in problems if p.key == "time_zonee")
    lines = (tmp_path / "az" / "pack.yaml").read_text(encoding="utf-8").splitlines()
    assert lines[unknown.line - 1].startswith("time_zonee:")


def test_csv_errors_name_file_line_and_column(tmp_path):
    problems = _broken_pack(tmp_path, "agencies.csv", ",AZ-BIN,", ",AZ-NOWHERE,")
    problem = next(p for p in problems if p.key == "territory")
    assert problem.file == "agencies.csv" and problem.line >= 2
    assert "AZ-NOWHERE" in problem.message
    lines = (tmp_path / "az" / "agencies.csv").read_text(encoding="utf-8").splitlines()
    assert "AZ-NOWHERE" in lines[problem.line - 1]


def test_unknown_csv_column_is_rejected(tmp_path):
    problems = _broken_pack(tmp_path, "holidays.csv", "date,", "date,colour,")
    assert any(p.key == "colour" and p.message == "unknown column" for p in problems)


def test_bad_values_are_reported_together(tmp_path):
    folder = tmp_path / "az"
    shutil.copytree(read_pack("az").folder, folder)
    (folder / "pack.yaml").write_text(
        (folder / "pack.yaml").read_text(encoding="utf-8").replace("Asia/Baku", "Mars/Olympus"),
        encoding="utf-8",
    )
    (folder / "holidays.csv").write_text(
        (folder / "holidays.csv").read_text(encoding="utf-8").replace("2026-", "2026-13-", 1),
        encoding="utf-8",
    )
    with pytest.raises(PackInvalid) as error:
        read_pack("az", folder)
    keys = {(p.file, p.key) for p in error.value.problems}
    assert {("pack.yaml", "time_zone"), ("holidays.csv", "date")} <= keys


@pytest.mark.django_db
def test_command_reports_problems_and_writes_nothing(tmp_path, monkeypatch):
    import concord.countries.loader as loader

    folder = tmp_path / "az"
    shutil.copytree(read_pack("az").folder, folder)
    (folder / "extra.txt").write_text("?", encoding="utf-8")
    monkeypatch.setattr(loader, "PACKS_DIR", tmp_path)
    with pytest.raises(CommandError, match="invalid"):
        call_command("load_country", "az", stderr=open("/dev/null", "w"))  # noqa: SIM115
    assert not Country.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["az", "al", "kz"])
def test_demo_users_get_one_membership_per_role_in_the_demo_district(code):
    from concord.accounts.choices import Role
    from concord.accounts.models import Membership

    apply_pack(read_pack(code))
    call_command("seed_demo", "--country", code, stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("seed_demo", "--country", code, stdout=open("/dev/null", "w"))  # noqa: SIM115 - idempotent
    memberships = Membership.objects.select_related("agency__kind", "agency__territory")
    assert sorted(m.role for m in memberships) == sorted(Role.values)
    district = Territory.objects.get(code=Country.objects.get(code=code).demo_district)
    caseworker = memberships.get(role=Role.CASEWORKER)
    assert caseworker.agency.territory.path.startswith(district.path)
    national_roles = memberships.filter(role__in=[Role.ANALYST, Role.AUDITOR, Role.SYSTEM_ADMIN])
    assert {m.agency.territory.level for m in national_roles} == {0}
    assert all(m.agency.kind.code != "shelter" for m in national_roles)


def test_consent_bands_must_cover_every_age(tmp_path):
    problems = _broken_pack(tmp_path, "consent.yaml", "{from_age: 7,", "{from_age: 8,")
    assert any(p.file == "consent.yaml" and p.key.endswith("from_age") and p.line for p in problems)


@pytest.mark.django_db
def test_consent_bands_are_loaded_with_their_dates():
    apply_pack(read_pack("az"))
    bands = list(Country.objects.get(code="az").consent_bands.values_list("from_age", "to_age", "requirement"))
    assert bands[0] == (0, 6, "caregiver") and bands[-1] == (18, None, "self")


def test_risk_rules_are_checked_with_file_line_and_key(tmp_path):
    problems = _broken_pack(tmp_path, "risk.yaml", "high: 7,", "high: 0,")
    assert any(p.file == "risk.yaml" and p.key == "rules.0.review_days.high" and p.line for p in problems)
    problems = _broken_pack(tmp_path / "b", "risk.yaml", "concord_rf.yaml", "missing.yaml")
    assert any(p.key == "instruments.0" and "missing.yaml" in p.message for p in problems)


@pytest.mark.django_db
def test_risk_rules_and_the_default_instrument_are_loaded_once():
    from concord.risk.models import InstrumentVersion

    apply_pack(read_pack("az"))
    second = apply_pack(read_pack("az"))
    assert not second.changed and second.unchanged.get("instrument") == 1
    rules = risk_rules_on(Country.objects.get(code="az"), datetime.date(2026, 6, 1))
    assert rules.version == "AZ-RISK-1" and [rules.review_days(level) for level in (4, 3, 2, 1)] == [3, 7, 30, 60]
    assert rules.review_days(0) is None and rules.review_days(None) == 3
    assert (rules.escalation_count, rules.escalation_window_months, rules.repeat_window_months) == (3, 12, 12)
    instrument = InstrumentVersion.objects.get(code="CONCORD-RF")
    assert instrument.status == "active" and instrument.source == "country pack az"
    apply_pack(read_pack("al"))  # the same shared file serves every country that lists it
    assert InstrumentVersion.objects.filter(code="CONCORD-RF").count() == 1


@pytest.mark.django_db
def test_a_changed_published_instrument_fails_the_whole_load(tmp_path):
    from concord.risk.models import InstrumentVersion

    apply_pack(read_pack("az"))
    folder = tmp_path / "az"
    shutil.copytree(read_pack("az").folder, folder)
    (folder / "instruments").mkdir()
    shared = read_pack("az").sections["risk"]["instruments"][0][1]
    (folder / "instruments" / "concord_rf.yaml").write_text(
        shared.read_text(encoding="utf-8").replace("max_unknown: 6", "max_unknown: 2"), encoding="utf-8"
    )
    territories = (folder / "territories.csv").read_text(encoding="utf-8")
    (folder / "territories.csv").write_text(territories.replace("Binagadi District", "Changed", 1), encoding="utf-8")
    with pytest.raises(PackInvalid) as error:
        apply_pack(read_pack("az", folder))
    assert "new version" in str(error.value)
    assert Territory.objects.get(code="AZ-BIN").name_en == "Binagadi District"
    assert InstrumentVersion.objects.get(code="CONCORD-RF").parsed.max_unknown == 6
