"""`manage.py calendar_year`: a new year's calendar drafted from the fixed-date holidays, with what the year's
decrees must still add."""

import csv
import io
import shutil

import pytest
from django.core.management import CommandError, call_command

from concord.common.testing.packs import TEST_PACKS
from concord.countries.loader import read_pack


@pytest.fixture
def pack_copy(tmp_path, settings):
    shutil.copytree(TEST_PACKS / "xq", tmp_path / "xq")
    settings.COUNTRY_PACK_DIRS = [tmp_path]
    return tmp_path / "xq"


def test_a_new_year_carries_the_fixed_holidays_over_and_lists_the_rest(pack_copy):
    out = io.StringIO()
    (pack_copy / "calendar" / "2027.csv").unlink()
    call_command("calendar_year", "xq", "2027", stdout=out)
    rows = list(csv.DictReader((pack_copy / "calendar" / "2027.csv").open(encoding="utf-8")))
    assert [(row["date"], row["name_eo"]) for row in rows] == [
        ("2027-01-01", "Novjara Tago"),
        ("2027-05-01", "Labortago"),
        ("2027-07-26", "Lingva Tago"),
        ("2027-12-25", "Somermeza Festo"),
    ]
    assert all(row["yearly"] == "yes" and row["source"].startswith("Holidays Act 1990") for row in rows)
    report = out.getvalue()
    assert "Bridge day" in report and "working_day" in report and "short_day" in report
    assert "New Year" not in report  # carried over, nothing to add
    assert len(read_pack("xq").calendar) == 4 + 7  # the draft is a valid part of the pack


def test_an_existing_year_is_not_overwritten(pack_copy):
    before = (pack_copy / "calendar" / "2027.csv").read_bytes()
    with pytest.raises(CommandError, match="exists"):
        call_command("calendar_year", "xq", "2027", stdout=io.StringIO())
    assert (pack_copy / "calendar" / "2027.csv").read_bytes() == before


def test_a_year_before_every_file_has_nothing_to_start_from(pack_copy):
    with pytest.raises(CommandError, match="no year before 2020"):
        call_command("calendar_year", "xq", "2020", stdout=io.StringIO())
