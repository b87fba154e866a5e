import datetime
import shutil

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from concord.accounts.models import Agency
from concord.common.testing.packs import broken_pack
from concord.countries.loader import PackInvalid, apply_pack, available_packs, read_pack
from concord.countries.models import Country
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
        Country.objects.get(code="az").calendar_days.count(),
    )
    with translation.override("az"):  # the active language must not matter
        second = apply_pack(read_pack("az"))
    assert first.changed and not second.changed
    assert (
        Territory.objects.count(),
        Agency.objects.count(),
        Country.objects.get(code="az").calendar_days.count(),
    ) == counts
    binagadi = Territory.objects.get(code="AZ-BIN")
    assert binagadi.path.startswith("AZ/") and binagadi.names["az"] == "Binəqədi rayonu"


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


def test_unknown_yaml_key_is_named_with_its_line(tmp_path):
    problems = broken_pack(tmp_path, "pack.yaml", "time_zone:", "time_zonee:")
    keys = {(p.file, p.key) for p in problems}
    assert ("pack.yaml", "time_zonee") in keys and ("pack.yaml", "time_zone") in keys
    unknown = next(p for p in problems if p.key == "time_zonee")
    lines = (tmp_path / "az" / "pack.yaml").read_text(encoding="utf-8").splitlines()
    assert lines[unknown.line - 1].startswith("time_zonee:")


def test_csv_errors_name_file_line_and_column(tmp_path):
    problems = broken_pack(tmp_path, "agencies.csv", ",AZ-BIN,", ",AZ-NOWHERE,")
    problem = next(p for p in problems if p.key == "territory")
    assert problem.file == "agencies.csv" and problem.line >= 2
    assert problem.found == "AZ-NOWHERE"
    lines = (tmp_path / "az" / "agencies.csv").read_text(encoding="utf-8").splitlines()
    assert "AZ-NOWHERE" in lines[problem.line - 1]


def test_unknown_csv_column_is_rejected(tmp_path):
    problems = broken_pack(tmp_path, "calendar/2026.csv", "date,", "date,colour,")
    problem = next(p for p in problems if p.key == "colour")
    assert problem.file == "calendar/2026.csv" and problem.line == 1
    assert str(problem).startswith("calendar/2026.csv:1: colour: found 'colour'; unknown column; the columns are date,")


def test_bad_values_are_reported_together(tmp_path):
    folder = tmp_path / "az"
    shutil.copytree(read_pack("az").folder, folder)
    (folder / "pack.yaml").write_text(
        (folder / "pack.yaml").read_text(encoding="utf-8").replace("Asia/Baku", "Mars/Olympus"),
        encoding="utf-8",
    )
    (folder / "calendar" / "2026.csv").write_text(
        (folder / "calendar" / "2026.csv").read_text(encoding="utf-8").replace("2026-", "2026-13-", 1),
        encoding="utf-8",
    )
    with pytest.raises(PackInvalid) as error:
        read_pack("az", folder)
    keys = {(p.file, p.key) for p in error.value.problems}
    assert {("pack.yaml", "time_zone"), ("calendar/2026.csv", "date")} <= keys


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
