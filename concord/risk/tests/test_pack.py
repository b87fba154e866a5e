"""The risk app's section of a country pack (risk.yaml and the instruments it names)."""

import datetime
import shutil

import pytest
from django.utils import translation

from concord.common.testing.packs import broken_pack
from concord.countries.loader import PackInvalid, apply_pack, read_pack
from concord.countries.models import Country
from concord.risk.selectors import risk_rules_on
from concord.territory.models import Territory


def test_risk_rules_are_checked_with_file_line_and_key(tmp_path):
    problems = broken_pack(tmp_path, "risk.yaml", "high: 7,", "high: 0,")
    assert any(p.file == "risk.yaml" and p.key == "rules.0.review_days.high" and p.line for p in problems)
    problems = broken_pack(tmp_path / "b", "risk.yaml", "concord_rf.yaml", "missing.yaml")
    assert any(
        p.key == "instruments.0" and p.found == "missing.yaml" and "concord_rf.yaml" in p.message for p in problems
    )


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
    """Reading the pack finds the conflict (test_instrument_adoption); a version published between reading and
    loading is still refused by the load, inside its transaction."""
    from concord.risk.models import InstrumentVersion

    folder = tmp_path / "az"
    shutil.copytree(read_pack("az").folder, folder)
    (folder / "instruments").mkdir()
    shared = read_pack("az").sections["risk"]["instruments"][0][1]
    (folder / "instruments" / "concord_rf.yaml").write_text(
        shared.read_text(encoding="utf-8").replace("max_unknown: 6", "max_unknown: 2"), encoding="utf-8"
    )
    territories = (folder / "territories.csv").read_text(encoding="utf-8")
    (folder / "territories.csv").write_text(territories.replace("Binagadi District", "Changed", 1), encoding="utf-8")
    changed = read_pack("az", folder)
    apply_pack(read_pack("az"))
    with translation.override("en"), pytest.raises(PackInvalid) as error:
        apply_pack(changed)
    assert "new version" in str(error.value)
    assert Territory.objects.get(code="AZ-BIN").name_en == "Binagadi District"
    assert InstrumentVersion.objects.get(code="CONCORD-RF").parsed.max_unknown == 6


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["az", "al", "kz"])
def test_lowering_needs_a_supervisor_from_the_date_the_pack_says(code):
    apply_pack(read_pack(code))
    country = Country.objects.get(code=code)
    before = risk_rules_on(country, datetime.date(2026, 11, 30))
    after = risk_rules_on(country, datetime.date(2026, 12, 1))
    assert (before.version, before.lowering_needs_confirmation) == (f"{code.upper()}-RISK-1", False)
    assert (after.version, after.lowering_needs_confirmation) == (f"{code.upper()}-RISK-2", True)
