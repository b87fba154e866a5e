"""The fake-name engine: plain functions, no database. The country lists live in the packs' demo.yaml (their own
tests are in concord/cases/tests/test_demo_pack.py); the lists here are made up for the tests."""

import random

import pytest

from concord.people.fake_names import (
    FAKER,
    NONE,
    CountryNames,
    NameSet,
    country_person_names,
    default_faker_locale,
    faker_has_patronymics,
    is_faker_locale,
    person_names,
)

SEXES = ("female", "male")
LISTS = NameSet(
    given_names={"female": ("Ana", "Bea", "Cleo"), "male": ("Dan", "Eli", "Fox")},
    family_names={"female": ("Greyova", "Hillova"), "male": ("Greyov", "Hillov")},
    patronymic=NONE,
)
NAME_SETS = {
    "lists": LISTS,
    "faker az_AZ with a pattern": NameSet("az_AZ", patronymic={"female": "{father} qızı", "male": "{father} oğlu"}),
    "faker ru_RU": NameSet("ru_RU"),
    "faker en_US": NameSet("en_US"),
    "lists and faker": NameSet("ru_RU", given_names={"female": ("Ana",)}),
}


@pytest.mark.parametrize("names", NAME_SETS.values(), ids=NAME_SETS.keys())
@pytest.mark.parametrize("sex", SEXES)
def test_same_seed_gives_same_names(names, sex):
    first = [person_names(names, sex, random.Random(42)) for _ in range(3)]
    rng_a, rng_b = random.Random(7), random.Random(7)
    assert [person_names(names, sex, rng_a) for _ in range(20)] == [person_names(names, sex, rng_b) for _ in range(20)]
    assert first[0] == first[1] == first[2]


@pytest.mark.parametrize("names", NAME_SETS.values(), ids=NAME_SETS.keys())
@pytest.mark.parametrize("sex", SEXES)
def test_every_name_set_gives_three_string_fields(names, sex):
    rng = random.Random(1)
    for _ in range(30):
        drawn = person_names(names, sex, rng)
        assert set(drawn) == {"given_name", "family_name", "patronymic"}
        assert drawn["given_name"] and drawn["family_name"]
        assert all(isinstance(value, str) and value == value.strip() for value in drawn.values())


def test_different_seeds_give_different_names():
    draws = {tuple(person_names(LISTS, "female", random.Random(seed)).values()) for seed in range(20)}
    assert len(draws) > 3


def test_names_come_from_the_lists_by_sex():
    rng = random.Random(2)
    for _ in range(50):
        female, male = person_names(LISTS, "female", rng), person_names(LISTS, "male", rng)
        assert female["given_name"] in {"Ana", "Bea", "Cleo"} and male["given_name"] in {"Dan", "Eli", "Fox"}
        assert female["family_name"] in {"Greyova", "Hillova"} and male["family_name"] in {"Greyov", "Hillov"}
        assert female["patronymic"] == male["patronymic"] == ""


def test_faker_fills_what_the_lists_leave_out():
    names = NameSet("ru_RU", given_names={"female": ("Ana",)}, patronymic=NONE)
    rng = random.Random(3)
    for _ in range(20):
        female, male = person_names(names, "female", rng), person_names(names, "male", rng)
        assert female["given_name"] == "Ana"
        assert all("\u0400" <= ch <= "\u04ff" for ch in female["family_name"] + male["given_name"])
        assert female["patronymic"] == ""


def test_listed_patronymics_then_the_pattern_from_the_father():
    names = NameSet(
        given_names={"female": ("Ana",), "male": ("Abai", "Dan")},
        family_names={"female": ("X",), "male": ("X",)},
        patronymic={"female": "{father}ovna", "male": "{father}ovich"},
        patronymics={"Abai": {"female": "Abaevna", "male": "Abaevich"}},
    )
    rng = random.Random(4)
    assert {person_names(names, "female", rng)["patronymic"] for _ in range(50)} == {"Abaevna", "Danovna"}
    assert {person_names(names, "male", rng)["patronymic"] for _ in range(50)} == {"Abaevich", "Danovich"}
    only_listed = NameSet(
        given_names={"male": ("Abai", "Dan")}, patronymics={"Abai": {"female": "Abaevna", "male": "Abaevich"}}
    )
    assert {person_names(only_listed, "female", rng)["patronymic"] for _ in range(50)} == {"Abaevna", ""}


def test_azerbaijani_pattern_patronymic_agrees_with_sex():
    names = NAME_SETS["faker az_AZ with a pattern"]
    rng = random.Random(8)
    for _ in range(100):
        female, male = person_names(names, "female", rng), person_names(names, "male", rng)
        assert female["patronymic"].endswith(" qızı") and male["patronymic"].endswith(" oğlu")
        assert "  " not in female["patronymic"] + male["patronymic"]
        assert not female["family_name"].endswith(("ov", "ev"))
        assert not male["family_name"].endswith(("ova", "eva"))


def test_faker_patronymics_where_the_locale_has_them():
    rng = random.Random(10)
    for _ in range(100):
        female, male = person_names(NameSet("ru_RU"), "female", rng), person_names(NameSet("ru_RU"), "male", rng)
        assert female["patronymic"].endswith("на") and male["patronymic"].endswith("ич")
        assert not male["family_name"].endswith(("ова", "ева", "ина"))
    assert person_names(NameSet("en_US"), "female", rng)["patronymic"] == ""
    assert person_names(NameSet("ru_RU", patronymic=NONE), "female", rng)["patronymic"] == ""
    assert faker_has_patronymics("ru_RU") and faker_has_patronymics("uk_UA") and not faker_has_patronymics("az_AZ")


def test_mixed_name_sets_are_drawn_by_their_shares():
    names = CountryNames(main=LISTS, mixed_with=((0.25, NameSet("ru_RU", patronymic=FAKER)),))
    rng = random.Random(11)
    given = [country_person_names(names, "male", rng)["given_name"] for _ in range(400)]
    from_lists = sum(name in {"Dan", "Eli", "Fox"} for name in given)
    assert 240 < from_lists < 360  # about three quarters
    assert {country_person_names(CountryNames(LISTS), "male", rng)["given_name"] for _ in range(30)} <= {
        "Dan",
        "Eli",
        "Fox",
    }


def test_unknown_sex_is_rejected():
    with pytest.raises(ValueError, match="sex"):
        person_names(LISTS, "unknown", random.Random(0))
    with pytest.raises(ValueError, match="sex"):
        country_person_names(CountryNames(LISTS), "unknown", random.Random(0))


@pytest.mark.parametrize(
    ("languages", "country", "locale"),
    [
        (["az", "az", "ru", "en"], "az", "az_AZ"),
        (["kk", "kk", "ru", "en"], "kz", "ru_RU"),  # Faker has no Kazakh: the next language
        (["de"], "at", "de_AT"),  # the country's own variant first
        (["de"], "xx", "de_DE"),
        (["en"], "gb", "en_GB"),
        (["en"], "kz", "en_US"),
        (["kk"], "kz", "en_US"),  # nothing Faker has: English
        ([], "xx", "en_US"),
    ],
)
def test_default_faker_locale_follows_the_languages(languages, country, locale):
    assert default_faker_locale(languages, country) == locale


def test_faker_locales_are_checked():
    assert is_faker_locale("az_AZ") and is_faker_locale("ru_RU")
    assert not is_faker_locale("kk_KZ") and not is_faker_locale("") and not is_faker_locale(None)
