"""groups.yaml: the kinds of group with their composition and effective-dated rules; loading creates the group of
every territory of the kind's level with the member agencies found there, and a second load changes nothing;
each mistake is one line an operator can act on."""

import io

import pytest
from django.core.management import call_command

from concord.common.testing.packs import TEST_PACKS, broken_pack
from concord.countries.tests.test_new_country import load_kecalio
from concord.groups.models import Group, GroupRules, Member

pytestmark = pytest.mark.django_db
XQ = TEST_PACKS / "xq"


def test_loading_creates_a_group_per_commune_with_its_members(settings):
    load_kecalio(settings)
    groups = Group.objects.filter(kind__code="safety_circle").select_related("territory")
    assert sorted(g.territory.code for g in groups) == ["XQ-N-LAG", "XQ-N-MON", "XQ-S-POR"]
    lagoon = groups.get(territory__code="XQ-N-LAG")
    members = dict(Member.objects.filter(group=lagoon).values_list("agency__code", "is_optional"))
    assert members == {"XQ-LAG-POLICE": False, "XQ-LAG-SOCIAL": False, "XQ-LAG-HEALTH": True, "XQ-LAG-OFFICE": False}
    rules = GroupRules.objects.get(kind__code="safety_circle")
    assert rules.cadence_days == 14 and rules.quorum_percent == 60 and rules.summary_window_days == 10
    assert rules.minutes_deadline == {"amount": 3, "unit": "working_days"} and rules.action_reminder_days == [2]
    assert rules.rule("family_review") == {"rule": "family_review", "within_days": 7}
    before = Member.objects.count(), Group.objects.count()
    call_command("load_country", "xq", stdout=io.StringIO())
    assert (Member.objects.count(), Group.objects.count()) == before


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("territory_level: 2", "territory_level: 7", "groups.yaml:5: kinds.0.territory_level: found 7"),
        ("chair: local_executive", "chair: mayor", "kinds.0.composition.chair: found 'mayor'; expected an agency kind"),
        ("percent: 60", "percent: 160", "kinds.0.rules.0.quorum.percent: found 160; expected a whole number from 1"),
        (
            "{rule: repeat}",
            "{rule: horoscope}",
            "kinds.0.rules.0.agenda.2: found {rule: horoscope}; expected a rule of its own",
        ),
        ("{rule: family_review, within_days: 7}", "{rule: family_review}", "agenda.6.within_days"),
        ("minutes_deadline: {working_days: 3}", "minutes_deadline: {weeks: 3}", "kinds.0.rules.0.minutes_deadline"),
    ],
)
def test_a_mistake_is_one_line_an_operator_can_act_on(tmp_path, old, new, message):
    problems = broken_pack(tmp_path, "groups.yaml", old, new, code="xq", source=XQ)
    assert any(message in str(problem) for problem in problems), [str(p) for p in problems]
