"""Shared instruments are adopted by code and version, never edited for a new country; a published version that a
pack's file would change is a problem that reading the pack (load_country --check) reports."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse
from django.utils import translation

from concord.accounts.choices import Role
from concord.accounts.models import Agency
from concord.cases.tests.factories import open_case
from concord.common.testing.factories import MembershipFactory, UserFactory
from concord.conftest import signed_in_client
from concord.countries.loader import PackInvalid, apply_pack, read_pack
from concord.countries.models import Country
from concord.risk import pack as risk_pack
from concord.risk import services
from concord.risk.models import InstrumentAdoption, InstrumentVersion
from concord.risk.selectors import instruments_for_case
from concord.risk.tests.factories import DEFAULT_INSTRUMENT, all_answers, publish_test_instrument
from concord.territory.models import Territory

ADOPT_CONCORD_RF = 'instruments:\n  - adopt: CONCORD-RF\n    version: "1.0.0"\n'
BY_NAME = "instruments:\n  - concord_rf.yaml\n"


@pytest.fixture(autouse=True)
def _english():
    """Messages are asserted in English (the schema's and the publishing service's are translated), whatever
    language an earlier test's request left active."""
    with translation.override("en"):
        yield


def new_country(tmp_path: Path, instruments: str, code: str = "xx") -> Path:
    """The az pack as another country, `code`: the same files with its codes, and `instruments` as the end of
    risk.yaml. CONCORD-RF does not list the country in its jurisdictions."""
    folder = tmp_path / code
    shutil.copytree(read_pack("az").folder, folder)
    for path in folder.rglob("*"):
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            text = re.sub(r"\bAZ\b", code.upper(), text).replace("code: az", f"code: {code}")
            path.write_text(text, encoding="utf-8")
    set_instruments(folder, instruments)
    return folder


def set_instruments(folder: Path, instruments: str) -> None:
    """Replace the `instruments` list that ends risk.yaml."""
    risk = folder / "risk.yaml"
    rules, separator, _old = risk.read_text(encoding="utf-8").partition("\ninstruments:")
    assert separator
    risk.write_text(f"{rules}\n{instruments}", encoding="utf-8")


def problems_of(code: str, folder: Path) -> list:
    with pytest.raises(PackInvalid) as error:
        read_pack(code, folder)
    return error.value.problems


def caseworker_case(code: str = "xx"):
    """A case in the demo district of the country, opened by a caseworker of its police."""
    upper = code.upper()
    user = UserFactory(email=f"caseworker@{code}.example.org", full_name="Caseworker")
    MembershipFactory(user=user, agency=Agency.objects.get(code=f"{upper}-BIN-POLICE"), role=Role.CASEWORKER)
    TOTP.activate(user, generate_totp_secret())
    case = open_case({"caseworker": user}, territory=Territory.objects.get(code=f"{upper}-BIN"))
    return user, case


def assess(user, case, instrument):
    return services.assessment_create(
        actor=user, case=case, instrument=instrument, answers=all_answers(instrument), source="interview"
    )


@pytest.mark.django_db
def test_an_adopted_shared_instrument_is_offered_without_the_country_in_its_jurisdictions(tmp_path):
    shared_bytes = DEFAULT_INSTRUMENT.read_bytes()
    folder = new_country(tmp_path, ADOPT_CONCORD_RF)
    first = apply_pack(read_pack("xx", folder))
    instrument = InstrumentVersion.objects.get(code="CONCORD-RF", version="1.0.0")
    assert "xx" not in instrument.jurisdictions and first.created["instrument_adoption"] == 1
    assert instrument.applies_to("xx") and "xx" in instrument.countries
    user, case = caseworker_case()
    day = Country.objects.get(code="xx").today()
    assert instruments_for_case(case, day) == [instrument]
    page = signed_in_client(user).get(reverse("risk:assessment_create", args=[case.pk]))
    assert page.status_code == 200 and page.context["instrument"] == instrument
    assert assess(user, case, instrument).instrument == instrument
    # Loading again changes nothing; the shared file was read, never written.
    second = apply_pack(read_pack("xx", folder))
    assert not second.changed and second.unchanged["instrument_adoption"] == 1
    assert DEFAULT_INSTRUMENT.read_bytes() == shared_bytes
    # The countries that list it keep using it as before, and one published version serves them all.
    apply_pack(read_pack("az"))
    assert InstrumentVersion.objects.filter(code="CONCORD-RF").count() == 1
    assert instrument.applies_to("az") and not InstrumentAdoption.objects.filter(country__code="az").exists()


@pytest.mark.django_db
def test_a_dropped_adoption_stops_new_assessments_and_old_ones_keep_their_version(tmp_path):
    folder = new_country(tmp_path, ADOPT_CONCORD_RF)
    apply_pack(read_pack("xx", folder))
    instrument = InstrumentVersion.objects.get(code="CONCORD-RF")
    user, case = caseworker_case()
    made = assess(user, case, instrument)
    set_instruments(folder, "instruments: []\n")
    apply_pack(read_pack("xx", folder))
    assert not InstrumentAdoption.objects.filter(country__code="xx").exists()
    assert instruments_for_case(case, Country.objects.get(code="xx").today()) == []
    assert not instrument.applies_to("xx")
    with pytest.raises(ValidationError) as error:
        assess(user, case, instrument)
    assert "instrument" in error.value.message_dict
    made.refresh_from_db()
    assert made.instrument == instrument and InstrumentVersion.objects.filter(pk=instrument.pk).exists()


@pytest.mark.django_db
def test_a_published_version_outside_the_shared_folder_can_be_adopted_but_not_a_draft(tmp_path):
    publish_test_instrument(code="UPLOAD-RF")  # active, uploaded under Risk instruments, for "tt"
    publish_test_instrument(code="DRAFT-RF", status="draft")
    folder = new_country(tmp_path, 'instruments:\n  - {adopt: UPLOAD-RF, version: "1.0.0"}\n')
    apply_pack(read_pack("xx", folder))
    assert InstrumentVersion.objects.get(code="UPLOAD-RF").applies_to("xx")
    set_instruments(folder, 'instruments:\n  - {adopt: DRAFT-RF, version: "1.0.0"}\n')
    (problem,) = problems_of("xx", folder)
    assert problem.key == "instruments.0.adopt" and problem.found == "DRAFT-RF"
    assert problem.message == ("no shared instrument DRAFT-RF version 1.0.0; shared: CONCORD-RF 1.0.0, UPLOAD-RF 1.0.0")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("entry", "key", "found", "message"),
    [
        (
            '{adopt: CONCORD-RF, version: "9.9"}',
            "instruments.0.version",
            "9.9",
            "no shared instrument CONCORD-RF version 9.9; shared: CONCORD-RF 1.0.0",
        ),
        (
            '{adopt: NOPE-RF, version: "1.0.0"}',
            "instruments.0.adopt",
            "NOPE-RF",
            "no shared instrument NOPE-RF version 1.0.0; shared: CONCORD-RF 1.0.0",
        ),
        (
            "{adopt: CONCORD-RF, version: 1.0}",
            "instruments.0.version",
            1.0,
            'expected the version to adopt, in quotes, e.g. "1.0.0"',
        ),
        (
            '{adopt: CONCORD-RF, version: "1.0.0", jurisdictions: [xx]}',
            "instruments.0.jurisdictions",
            "jurisdictions",
            "unknown key: expected adopt and version",
        ),
    ],
)
def test_adopting_what_is_not_shared_names_what_is(tmp_path, entry, key, found, message):
    folder = new_country(tmp_path, f"instruments:\n  - {entry}\n")
    (problem,) = problems_of("xx", folder)
    assert (problem.file, problem.line, problem.key, problem.found, problem.message) == (
        "risk.yaml",
        len((folder / "risk.yaml").read_text(encoding="utf-8").splitlines()),
        key,
        found,
        message,
    )
    assert not Country.objects.filter(code="xx").exists()


def test_a_shared_file_listed_by_name_still_needs_the_country_and_the_problem_says_adopt(tmp_path):
    folder = new_country(tmp_path, BY_NAME)
    (problem,) = problems_of("xx", folder)
    lines = DEFAULT_INSTRUMENT.read_text(encoding="utf-8").splitlines()
    assert (problem.file, problem.key, problem.found) == ("concord_rf.yaml", "jurisdictions", ["az", "al", "kz"])
    assert lines[problem.line - 1] == "jurisdictions:"
    assert problem.message == (
        "expected a list that includes xx; to use this shared instrument as it is, adopt it in risk.yaml instead "
        'of listing its file: {adopt: CONCORD-RF, version: "1.0.0"}'
    )


def test_a_packs_own_instrument_must_list_the_country(tmp_path):
    folder = new_country(tmp_path, "instruments:\n  - own_rf.yaml\n")
    (folder / "instruments").mkdir()
    own = DEFAULT_INSTRUMENT.read_text(encoding="utf-8").replace("code: CONCORD-RF", "code: OWN-RF")
    (folder / "instruments" / "own_rf.yaml").write_text(own, encoding="utf-8")
    (problem,) = problems_of("xx", folder)
    assert str(problem) == (
        "instruments/own_rf.yaml:11: jurisdictions: found [az, al, kz]; expected a list that includes xx"
    )
    (folder / "instruments" / "own_rf.yaml").write_text(own.replace("  - kz", "  - xx"), encoding="utf-8")
    assert read_pack("xx", folder).sections["risk"]["instruments"][0][0]["code"] == "OWN-RF"


def changed_copy(text: str) -> str:
    assert "max_unknown: 6" in text
    return text.replace("max_unknown: 6", "max_unknown: 2")


@pytest.mark.django_db
def test_a_changed_published_instrument_is_one_problem_of_reading_the_pack(tmp_path):
    apply_pack(read_pack("az"))
    folder = tmp_path / "az"
    shutil.copytree(read_pack("az").folder, folder)
    (folder / "instruments").mkdir()
    (folder / "instruments" / "concord_rf.yaml").write_text(
        changed_copy(DEFAULT_INSTRUMENT.read_text(encoding="utf-8")), encoding="utf-8"
    )
    territories = (folder / "territories.csv").read_text(encoding="utf-8")
    (folder / "territories.csv").write_text(territories.replace("Binagadi District", "Changed", 1), encoding="utf-8")
    (problem,) = problems_of("az", folder)
    assert str(problem) == (
        "instruments/concord_rf.yaml:7: version: found '1.0.0'; its content differs from the published "
        "CONCORD-RF 1.0.0; a published version is immutable: give the changed instrument a new version"
    )
    assert Territory.objects.get(code="AZ-BIN").name_en == "Binagadi District"
    assert InstrumentVersion.objects.get(code="CONCORD-RF").parsed.max_unknown == 6
    # Retiring it in the file is no edit; making a published version a draft again is refused.
    retired = DEFAULT_INSTRUMENT.read_text(encoding="utf-8").replace("status: active", "status: retired")
    (folder / "instruments" / "concord_rf.yaml").write_text(retired, encoding="utf-8")
    (folder / "territories.csv").write_text(territories, encoding="utf-8")
    read_pack("az", folder)
    (folder / "instruments" / "concord_rf.yaml").write_text(retired.replace("retired", "draft"), encoding="utf-8")
    (problem,) = problems_of("az", folder)
    assert str(problem) == (
        "instruments/concord_rf.yaml:9: status: found 'draft'; expected active or retired: CONCORD-RF 1.0.0 is "
        "published and cannot go back to draft"
    )


@pytest.mark.django_db
def test_an_adopted_version_that_differs_from_the_published_one_is_a_problem(tmp_path, monkeypatch):
    apply_pack(read_pack("az"))
    folder = new_country(tmp_path, ADOPT_CONCORD_RF)
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "concord_rf.yaml").write_text(changed_copy(DEFAULT_INSTRUMENT.read_text(encoding="utf-8")), "utf-8")
    monkeypatch.setattr(risk_pack, "SHARED_INSTRUMENTS_DIR", shared)
    (problem,) = problems_of("xx", folder)
    assert (problem.file, problem.line, problem.key, problem.found) == ("concord_rf.yaml", 7, "version", "1.0.0")
    assert not Country.objects.filter(code="xx").exists()


def test_without_a_database_to_compare_with_reading_skips_the_comparison(tmp_path):
    """No database access here (as before `migrate`): the file is checked against the schema only, and the load
    itself would still refuse the conflict inside its transaction."""
    folder = tmp_path / "az"
    shutil.copytree(read_pack("az").folder, folder)
    (folder / "instruments").mkdir()
    (folder / "instruments" / "concord_rf.yaml").write_text(
        changed_copy(DEFAULT_INSTRUMENT.read_text(encoding="utf-8")), encoding="utf-8"
    )
    assert read_pack("az", folder).sections["risk"]["instruments"][0][0]["max_unknown"] == 2


@pytest.mark.django_db
def test_before_migrate_reading_skips_the_comparison_and_the_load_still_refuses_the_conflict(tmp_path, monkeypatch):
    folder = tmp_path / "az"
    shutil.copytree(read_pack("az").folder, folder)
    (folder / "instruments").mkdir()
    (folder / "instruments" / "concord_rf.yaml").write_text(
        changed_copy(DEFAULT_INSTRUMENT.read_text(encoding="utf-8")), encoding="utf-8"
    )
    with monkeypatch.context() as patched:
        patched.setattr(connection.introspection, "table_names", lambda *args, **kwargs: [])
        changed = read_pack("az", folder)  # no risk_instrumentversion table: nothing to compare with
    apply_pack(read_pack("az"))  # published since
    with pytest.raises(PackInvalid) as error:
        apply_pack(changed)
    assert "new version" in str(error.value)
    assert InstrumentVersion.objects.get(code="CONCORD-RF").parsed.max_unknown == 6


def test_every_problem_of_risk_yaml_names_line_key_found_and_what_is_allowed(tmp_path):
    folder = new_country(tmp_path, "instruments:\n  - 42\n  - {adopt: CONCORD-RF}\n")
    risk = folder / "risk.yaml"
    text = risk.read_text(encoding="utf-8")
    for old, new in [
        ("high: 7,", "high: 0,"),
        ("lowering_needs_confirmation: false", "lowering_needs_confirmation: maybe"),
        ("repeat_window_months: 12", "repeat_window_months: twelve"),
        ('version: "XX-RISK-2"', 'version: "XX-RISK-1"'),
        ("effective_from: 2026-12-01", "effective_from: 2020-01-01"),
    ]:
        assert old in text
        text = text.replace(old, new, 1)
    risk.write_text(text.replace("rules:", "colour: red\nrules:", 1), encoding="utf-8")
    problems = problems_of("xx", folder)
    shown = {problem.key: str(problem) for problem in problems}
    lines = risk.read_text(encoding="utf-8").splitlines()
    assert all(problem.line and problem.message for problem in problems)
    # Each line holds the key (or, for a missing key or an entry of a list, the entry it belongs in).
    named = [p for p in problems if not p.key.split(".")[-1].isdigit() and p.key != "instruments.1.version"]
    assert all(p.key.split(".")[-1] in lines[p.line - 1] for p in named)
    assert lines[next(p.line for p in problems if p.key == "instruments.1.version") - 1] == "  - {adopt: CONCORD-RF}"
    assert shown["colour"].endswith("colour: found 'colour'; unknown key: expected rules or instruments")
    assert shown["rules.0.review_days.high"].endswith("found 0; expected days, 1 or more")
    assert shown["rules.0.lowering_needs_confirmation"].endswith("found 'maybe'; expected true or false")
    assert shown["rules.0.repeat_window_months"].endswith("found 'twelve'; expected months, 1 or more")
    assert shown["rules.1.version"].endswith("found 'XX-RISK-1'; expected a version of its own: rules.0 has it")
    assert shown["rules.1.effective_from"].endswith(
        "found 2020-01-01; expected a date of its own: rules.0 starts on it"
    )
    assert shown["instruments.0"].endswith(
        'found 42; expected a file name ending in .yaml or .json, or {adopt: <code>, version: "<version>"}'
    )
    # A missing key has no value to show: the message says what is required.
    assert shown["instruments.1.version"].endswith(
        'instruments.1.version: expected the version to adopt, in quotes, e.g. "1.0.0"'
    )
    assert len(problems) == len(shown) == 8


def test_problems_in_an_instrument_file_name_its_line_and_value(tmp_path):
    folder = new_country(tmp_path, "instruments:\n  - own_rf.yaml\n")
    (folder / "instruments").mkdir()
    own = DEFAULT_INSTRUMENT.read_text(encoding="utf-8").replace("code: CONCORD-RF", "code: OWN-RF")
    own = own.replace("  - kz", "  - xx").replace("max_unknown: 6", "max_unknown: -1")
    (folder / "instruments" / "own_rf.yaml").write_text(own, encoding="utf-8")
    (problem,) = problems_of("xx", folder)
    assert str(problem) == "instruments/own_rf.yaml:41: max_unknown: found -1; expected a whole number, 0 or more"
    (folder / "instruments" / "own_rf.yaml").write_text("code: [OWN-RF\n", encoding="utf-8")
    (problem,) = problems_of("xx", folder)
    assert (problem.file, problem.key) == ("instruments/own_rf.yaml", "-") and problem.line
    assert problem.message.startswith("expected valid YAML or JSON (")


@pytest.mark.django_db
def test_an_adoption_and_a_file_of_the_same_version_are_listed_twice(tmp_path):
    folder = new_country(tmp_path, ADOPT_CONCORD_RF + '  - {adopt: CONCORD-RF, version: "1.0.0"}\n')
    (problem,) = problems_of("xx", folder)
    last = len((folder / "risk.yaml").read_text(encoding="utf-8").splitlines())
    assert str(problem) == (
        f"risk.yaml:{last}: instruments.1: found 'CONCORD-RF 1.0.0'; expected each instrument version once: "
        "instruments.0 lists it already"
    )
