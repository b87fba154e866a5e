"""programmes.yaml: the programme types with the agency kinds that run them and their effective-dated rules; a
second load changes nothing; each mistake is one line an operator can act on."""

import datetime
import io

import pytest
from django.core.management import call_command

from concord.common.testing.packs import TEST_PACKS, broken_pack
from concord.countries.loader import read_pack
from concord.countries.tests.test_new_country import load_kecalio
from concord.programmes.models import ProgrammeRules, ProgrammeType

pytestmark = pytest.mark.django_db
XQ = TEST_PACKS / "xq"


def test_loading_creates_the_types_and_their_rules(settings):
    load_kecalio(settings)
    counselling = ProgrammeType.objects.get(country__code="xq", code="counselling")
    assert counselling.provider_kinds == ["social_protection", "health"]
    rules = ProgrammeRules.objects.get(programme_type=counselling)
    assert rules.effective_from == datetime.date(2020, 1, 1)
    assert rules.required_by == [{"measure": "injunction", "condition": "attend_programme"}]
    assert rules.first_contact == {"amount": 5, "unit": "days"}
    assert (rules.sessions, rules.hours, rules.absences) == (3, 6, 1)
    before = ProgrammeType.objects.count(), ProgrammeRules.objects.count()
    call_command("load_country", "xq", stdout=io.StringIO())
    assert (ProgrammeType.objects.count(), ProgrammeRules.objects.count()) == before


@pytest.mark.parametrize("code", ["az", "al", "kz"])
def test_every_shipped_pack_has_its_programmes(code):
    types = read_pack(code).sections["programmes"]["types"]
    assert types and all(t["versions"] for t in types)


def test_kazakhstan_special_requirements_may_require_the_correction_programme():
    pack = read_pack("kz")
    (correction,) = pack.sections["programmes"]["types"]
    assert correction["versions"][0]["required_by"] == [
        {"measure": "special_requirements", "condition": "attend_programme"}
    ]


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("provider_kinds: [social_protection, health]", "provider_kinds: [astrologer]", "types.0.provider_kinds"),
        ("{measure: injunction,", "{measure: court_summons,", "expected an order type of protection.yaml"),
        ("condition: attend_programme}", "condition: leave_home}", "expected a condition that injunction may impose"),
        ("sessions: 3", "sessions: 0", "types.0.versions.0.sessions: found 0; expected a whole number of 1 or more"),
        ("first_contact: {days: 5}", "first_contact: {weeks: 5}", "types.0.versions.0.first_contact"),
        ("absences: 1", "absences: -1", "types.0.versions.0.absences"),
    ],
)
def test_a_mistake_is_one_line_an_operator_can_act_on(tmp_path, old, new, message):
    problems = broken_pack(tmp_path, "programmes.yaml", old, new, code="xq", source=XQ)
    assert any(message in str(problem) for problem in problems), [str(p) for p in problems]
