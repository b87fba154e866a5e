"""The demo section of a country pack (demo.yaml): the names and agencies of `manage.py seed_demo` come from the
pack folder alone, so any pack can be seeded without a change to the code."""

import io
import shutil

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from concord.accounts.choices import Role
from concord.accounts.demo import seed_users
from concord.accounts.models import Membership
from concord.cases.demo import seed_cases
from concord.cases.demo_pack import default_roles
from concord.countries.loader import PackInvalid, apply_pack, pack_folder, read_pack
from concord.countries.models import Country
from concord.people.fake_names import FAKER, NONE
from concord.people.models import Person
from concord.territory.models import Territory

SILENT_MAIL = "django.core.mail.backends.dummy.EmailBackend"


def az_copy(tmp_path, demo: str | None):
    """A copy of the az pack whose demo.yaml is `demo` (None: no demo.yaml)."""
    folder = tmp_path / "az"
    shutil.copytree(pack_folder("az"), folder)
    if demo is None:
        (folder / "demo.yaml").unlink(missing_ok=True)
    else:
        (folder / "demo.yaml").write_text(demo, encoding="utf-8")
    return folder


def seed(pack, cases: int = 3) -> list[Person]:
    """Load the pack and seed it with the functions seed_demo calls; returns the persons of the demo cases."""
    apply_pack(pack)
    demo = pack.sections["demo"]
    seed_users(pack.code, "pw", role_kinds=demo.roles)
    district = Territory.objects.get(code=Country.objects.get(code=pack.code).demo_district)
    with override_settings(EMAIL_BACKEND=SILENT_MAIL):
        seed_cases(country=pack.code, district=district, count=cases, seed=5, naming=demo.names)
    return list(Person.objects.all())


def is_cyrillic(text: str) -> bool:
    return all("\u0400" <= ch <= "\u04ff" or ch in " -" for ch in text)


# --- seeding from a pack ----------------------------------------------------------------------------------------------

CURATED = """\
female_given_names: [Aysel, Günel]
male_given_names: [Orxan, Tural]
female_family_names: [Əliyeva]
male_family_names: [Əliyev]
patronymic: {female: "{father} qızı", male: "{father} oğlu"}
"""


@pytest.mark.django_db
def test_a_pack_with_curated_lists_names_its_persons_from_them(tmp_path):
    persons = seed(read_pack("az", az_copy(tmp_path, CURATED)))
    adults = [p for p in persons if p.family_name]
    assert adults and len(adults) < len(persons), "three cases have survivors, perpetrators and some children"
    for person in adults:
        if person.sex == "female":
            assert person.given_name in {"Aysel", "Günel"} and person.family_name == "Əliyeva"
            assert person.patronymic in {"Orxan qızı", "Tural qızı"}
        else:
            assert person.given_name in {"Orxan", "Tural"} and person.family_name == "Əliyev"
            assert person.patronymic in {"Orxan oğlu", "Tural oğlu"}
    children = [p for p in persons if not p.family_name]
    assert all(c.given_name in ({"Aysel", "Günel"} if c.sex == "female" else {"Orxan", "Tural"}) for c in children)


@pytest.mark.django_db
def test_a_pack_with_only_a_faker_locale_names_its_persons_with_faker(tmp_path):
    pack = read_pack("az", az_copy(tmp_path, "faker_locale: ru_RU\n"))
    names = pack.sections["demo"].names
    assert names.main.faker_locale == "ru_RU" and not names.main.given_names and not names.mixed_with
    persons = seed(pack)
    assert len({p.given_name for p in persons}) > 3
    assert all(is_cyrillic(p.given_name + p.family_name + p.patronymic) for p in persons)
    assert all(p.patronymic for p in persons if p.family_name), "ru_RU has patronymics"


@pytest.mark.django_db
def test_a_pack_without_demo_yaml_seeds_with_faker_in_its_language_and_the_default_roles(tmp_path):
    pack = read_pack("az", az_copy(tmp_path, None))
    demo = pack.sections["demo"]
    assert demo.names.main.faker_locale == "az_AZ"  # pack.yaml: default_language az
    assert demo.roles == default_roles()
    persons = seed(pack)
    assert persons and all(p.given_name for p in persons)
    assert Membership.objects.get(user__email="caseworker.az@example.org").agency.code == "AZ-BIN-POLICE"


@pytest.mark.django_db
def test_a_demo_yaml_with_only_roles_keeps_the_default_names(tmp_path):
    demo = read_pack("az", az_copy(tmp_path, "roles: {caseworker: [police]}\n")).sections["demo"]
    assert demo.names.main.faker_locale == "az_AZ" and demo.names.main.patronymic == FAKER


@pytest.mark.django_db
def test_the_roles_pick_agencies_of_their_kinds(tmp_path):
    text = "roles:\n  caseworker: [shelter, social_protection]\n  analyst: [health]\n"
    pack = read_pack("az", az_copy(tmp_path, text))
    seed(pack, cases=1)
    per_role = Membership.objects.filter(
        user__email__in=[f"{role.replace('_', '.')}.az@example.org" for role in Role.values]
    )
    agencies = {m.role: m.agency for m in per_role.select_related("agency__kind")}
    # shelter is an agency kind of az, but the pack has no shelter: the next kind wins.
    assert agencies[Role.CASEWORKER].code == "AZ-BIN-SOCIAL"
    assert agencies[Role.ANALYST].kind.code == "health"
    assert agencies[Role.SUPERVISOR].kind.code == "police", "a role demo.yaml leaves out keeps its default"
    assert all(case.owning_agency == agencies[Role.CASEWORKER] for case in pack_cases())


def pack_cases():
    from concord.cases.models import Case

    return Case.objects.select_related("owning_agency")


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["az", "al", "kz"])
def test_seed_demo_seeds_every_shipped_pack(code):
    apply_pack(read_pack(code))
    call_command("seed_demo", "--country", code, "--cases", "2", "--seed", "3", stdout=io.StringIO())
    assert Person.objects.filter(registered_by_agency__territory__country_code=code).count() >= 4


@pytest.mark.django_db
def test_seed_demo_refuses_an_invalid_demo_yaml(tmp_path, monkeypatch):
    import concord.countries.loader as loader

    az_copy(tmp_path, "faker_locale: xx_XX\n")
    monkeypatch.setattr(loader, "PACKS_DIR", tmp_path)
    stderr = io.StringIO()
    with pytest.raises(CommandError, match="invalid"):
        call_command("seed_demo", "--country", "az", stdout=io.StringIO(), stderr=stderr)
    assert "az/demo.yaml:1: faker_locale: found 'xx_XX'" in stderr.getvalue()
    with pytest.raises(CommandError, match="invalid"):
        call_command("load_country", "az", "--check", stdout=io.StringIO(), stderr=(stderr := io.StringIO()))
    assert "az/demo.yaml:1: faker_locale: found 'xx_XX'" in stderr.getvalue()


# --- what a broken demo.yaml reports ----------------------------------------------------------------------------------

ROLES = "caseworker, supervisor, coordinator, group_member, analyst, agency_admin, system_admin or auditor"
AZ_KINDS = (
    "local_executive, police, prosecutor, court, health, education, social_protection, civil_registry, "
    "child_family_support_centre, victim_support_centre, shelter, ngo, state_committee or municipality"
)


@pytest.mark.parametrize(
    ("demo", "message"),
    [
        pytest.param(
            "faker_locale: az_AZ\ncolour: blue\n",
            "demo.yaml:2: colour: found 'colour'; unknown key; the keys are faker_locale, female_given_names, "
            "male_given_names, family_names, female_family_names, male_family_names, patronymic, patronymics, "
            "mixed_with or roles",
            id="unknown key",
        ),
        pytest.param(
            "roles:\n  caseworker: [police]\n  judge: [court]\n",
            f"demo.yaml:3: roles.judge: found 'judge'; unknown role; expected {ROLES}",
            id="unknown role",
        ),
        pytest.param(
            "roles:\n  analyst: [state_committee, ministry]\n",
            f"demo.yaml:2: roles.analyst.1: found 'ministry'; unknown agency kind; agency_kinds.csv has {AZ_KINDS}",
            id="unknown agency kind",
        ),
        pytest.param(
            "female_given_names: []\n",
            "demo.yaml:1: female_given_names: found []; expected a list of at least one name, e.g. [Aynur, Leyla]",
            id="empty name list",
        ),
        pytest.param(
            "roles:\n  caseworker: []\n",
            "demo.yaml:2: roles.caseworker: found []; expected a list of agency kinds of agency_kinds.csv, the first "
            "that has an agency wins",
            id="empty role list",
        ),
        pytest.param(
            "faker_locale: klingon\n",
            "demo.yaml:1: faker_locale: found 'klingon'; expected a locale Faker has names for, such as az_AZ, ru_RU "
            "or en_US",
            id="bad faker locale",
        ),
        pytest.param(
            "faker_locale: ru-RU\n",
            "demo.yaml:1: faker_locale: found 'ru-RU'; expected a locale Faker has names for, such as ru_RU",
            id="faker locale misspelt",
        ),
        pytest.param(
            "faker_locale: az_AZ\npatronymic: faker\n",
            "demo.yaml:2: patronymic: found 'faker'; Faker has no patronymics for az_AZ; expected none or a pattern, "
            '{female: "{father} qızı", male: "{father} oğlu"}',
            id="no faker patronymics",
        ),
        pytest.param(
            "patronymic: {female: '{mother} qızı', male: '{father} oğlu'}\n",
            "demo.yaml:1: patronymic: found {female: '{mother} qızı', male: '{father} oğlu'}; expected none, faker "
            "(ru_RU, uk_UA) or a pattern for each sex with the father's given name as {father}, "
            '{female: "{father} qızı", male: "{father} oğlu"}',
            id="bad patronymic pattern",
        ),
        pytest.param(
            "family_names: [Əliyev]\nfemale_family_names: [Əliyeva]\n",
            "demo.yaml:1: family_names: found [Əliyev]; expected either family_names (the same for both sexes) or "
            "female_family_names and male_family_names, not both",
            id="shared and gendered family names",
        ),
        pytest.param(
            "male_given_names: [Orxan, Tural, Orxan]\n",
            "demo.yaml:1: male_given_names.2: found 'Orxan'; expected each name once; this one is listed twice",
            id="duplicate name",
        ),
        pytest.param(
            "mixed_with:\n  - {share: 0.6, faker_locale: ru_RU}\n  - {share: 0.5, faker_locale: en_US}\n",
            "demo.yaml:1: mixed_with: found 1.1; expected shares that add up to less than 1: the rest of the persons "
            "get the main names",
            id="shares of 1 or more",
        ),
        pytest.param(
            "mixed_with:\n  - share: 0.25\n",
            "demo.yaml:2: mixed_with.0: found {share: 0.25}; expected faker_locale or name lists (female_given_names, "
            "male_given_names, family_names, female_family_names or male_family_names)",
            id="mixed set without names",
        ),
    ],
)
def test_a_broken_demo_yaml_says_what_is_allowed(tmp_path, demo, message):
    with pytest.raises(PackInvalid) as error:
        read_pack("az", az_copy(tmp_path, demo))
    assert [str(problem) for problem in error.value.problems] == [message]


# --- the shipped packs' names -----------------------------------------------------------------------------------------


def demo_names(code):
    return read_pack(code).sections["demo"].names


def test_azerbaijan_mixes_faker_azerbaijani_and_russian_names():
    names = demo_names("az")
    assert names.main.faker_locale == "az_AZ" and names.main.patronymic == {
        "female": "{father} qızı",
        "male": "{father} oğlu",
    }
    assert [(share, mixed.faker_locale, mixed.patronymic) for share, mixed in names.mixed_with] == [
        (0.25, "ru_RU", FAKER)
    ]


def test_albania_has_curated_names_without_patronymics():
    names = demo_names("al").main
    assert names.patronymic == NONE
    assert names.family_names["female"] == names.family_names["male"], "Albanian surnames do not change with sex"
    assert not set(names.given_names["female"]) & set(names.given_names["male"])
    text = " ".join((*names.given_names["female"], *names.given_names["male"], *names.family_names["male"]))
    assert "ë" in text and "ç" in text


def test_kazakhstan_has_cyrillic_names_that_agree_with_sex():
    names = demo_names("kz")
    main = names.main
    assert [(share, mixed.faker_locale) for share, mixed in names.mixed_with] == [(0.33, "ru_RU")]
    assert not set(main.given_names["female"]) & set(main.given_names["male"])
    for name in (*main.given_names["female"], *main.given_names["male"], *main.family_names["male"]):
        assert all("\u0400" <= ch <= "\u04ff" for ch in name), name
    assert all(name.endswith(("ов", "ев", "ин")) for name in main.family_names["male"])
    assert [name[:-1] for name in main.family_names["female"]] == list(main.family_names["male"])
    assert set(main.patronymics) == set(main.given_names["male"])
    for forms in main.patronymics.values():
        assert forms["male"].endswith(("ович", "евич")) and forms["female"].endswith(("овна", "евна"))
        assert forms["male"][:-2] == forms["female"][:-2]
    assert main.patronymics["Абай"] == {"male": "Абаевич", "female": "Абаевна"}


@pytest.mark.parametrize("code", ["al", "kz"])
def test_curated_lists_are_long_enough(code):
    main = demo_names(code).main
    for names in (*main.given_names.values(), *main.family_names.values()):
        assert len(names) >= 50
