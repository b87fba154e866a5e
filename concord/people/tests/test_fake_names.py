"""Fake-name providers: plain functions, no database."""

import random

import pytest

from concord.people.fake_names import (
    ALBANIAN_FEMALE_FIRST_NAMES,
    ALBANIAN_MALE_FIRST_NAMES,
    ALBANIAN_SURNAMES,
    KAZAKH_FEMALE_FIRST_NAMES,
    KAZAKH_MALE_FIRST_NAMES,
    KAZAKH_PATRONYMICS,
    KAZAKH_SURNAMES,
    LOCALES_BY_COUNTRY,
    AlbanianNames,
    KazakhNames,
    country_person_names,
    kazakh_female_surname,
    person_names,
)

SEXES = ("female", "male")
ALL_LOCALES = sorted({locale for locales in LOCALES_BY_COUNTRY.values() for locale in locales})
NAME_LISTS = {
    "sq female": ALBANIAN_FEMALE_FIRST_NAMES,
    "sq male": ALBANIAN_MALE_FIRST_NAMES,
    "sq surnames": ALBANIAN_SURNAMES,
    "kk female": KAZAKH_FEMALE_FIRST_NAMES,
    "kk male": KAZAKH_MALE_FIRST_NAMES,
    "kk surnames": KAZAKH_SURNAMES,
}


@pytest.mark.parametrize("names", NAME_LISTS.values(), ids=NAME_LISTS.keys())
def test_lists_are_long_enough_without_duplicates_or_stray_spaces(names):
    assert len(names) >= 50
    assert len(set(names)) == len(names)
    assert all(name == name.strip() and name for name in names)


def test_albanian_first_names_are_not_shared_between_sexes():
    assert not set(ALBANIAN_FEMALE_FIRST_NAMES) & set(ALBANIAN_MALE_FIRST_NAMES)


def test_kazakh_first_names_are_not_shared_between_sexes():
    assert not set(KAZAKH_FEMALE_FIRST_NAMES) & set(KAZAKH_MALE_FIRST_NAMES)


def test_kazakh_names_are_cyrillic():
    for name in (*KAZAKH_FEMALE_FIRST_NAMES, *KAZAKH_MALE_FIRST_NAMES, *KAZAKH_SURNAMES):
        assert all("\u0400" <= ch <= "\u04ff" for ch in name), name


@pytest.mark.parametrize("locale", ALL_LOCALES)
@pytest.mark.parametrize("sex", SEXES)
def test_same_seed_gives_same_names(locale, sex):
    first = [person_names(locale, sex, random.Random(42)) for _ in range(3)]
    rng_a, rng_b = random.Random(7), random.Random(7)
    assert [person_names(locale, sex, rng_a) for _ in range(20)] == [
        person_names(locale, sex, rng_b) for _ in range(20)
    ]
    assert first[0] == first[1] == first[2]


def test_providers_use_only_the_given_rng():
    a, b = AlbanianNames(random.Random(3)), AlbanianNames(random.Random(3))
    assert [a.first_name_female() for _ in range(10)] == [b.first_name_female() for _ in range(10)]
    k, m = KazakhNames(random.Random(3)), KazakhNames(random.Random(3))
    assert [k.last_name("female") for _ in range(10)] == [m.last_name("female") for _ in range(10)]


def test_different_seeds_give_different_names():
    draws = {tuple(person_names("kk_KZ", "female", random.Random(seed)).values()) for seed in range(20)}
    assert len(draws) > 10


@pytest.mark.parametrize("locale", ALL_LOCALES)
@pytest.mark.parametrize("sex", SEXES)
def test_every_locale_gives_three_string_fields(locale, sex):
    rng = random.Random(1)
    for _ in range(30):
        names = person_names(locale, sex, rng)
        assert set(names) == {"given_name", "family_name", "patronymic"}
        assert names["given_name"] and names["family_name"]
        assert all(isinstance(value, str) and value == value.strip() for value in names.values())


@pytest.mark.parametrize("country", LOCALES_BY_COUNTRY)
@pytest.mark.parametrize("sex", SEXES)
def test_every_country_works(country, sex):
    rng = random.Random(5)
    for _ in range(30):
        names = country_person_names(country, sex, rng)
        assert names["given_name"] and names["family_name"]


def test_country_weights_pick_every_locale():
    rng = random.Random(11)
    # Azerbaijan: mostly az_AZ (Latin), sometimes ru_RU (Cyrillic).
    scripts = {
        names["given_name"][0] < "\u0400" for names in (country_person_names("az", "male", rng) for _ in range(200))
    }
    assert scripts == {True, False}
    # Kazakhstan: kk_KZ names come from our lists, ru_RU ones mostly do not.
    given = [country_person_names("kz", "female", rng)["given_name"] for _ in range(200)]
    in_list = sum(name in KAZAKH_FEMALE_FIRST_NAMES for name in given)
    assert 0 < in_list < len(given)


def test_unknown_locale_country_or_sex_is_rejected():
    rng = random.Random(0)
    with pytest.raises(ValueError, match="locale"):
        person_names("en_US", "female", rng)
    with pytest.raises(ValueError, match="country"):
        country_person_names("xx", "female", rng)
    with pytest.raises(ValueError, match="sex"):
        person_names("sq_AL", "unknown", rng)


# --- Albanian ---------------------------------------------------------------------------------------------------------


def test_albanian_names_come_from_our_lists_not_english_fallback():
    rng = random.Random(2)
    for _ in range(50):
        female = person_names("sq_AL", "female", rng)
        male = person_names("sq_AL", "male", rng)
        assert female["given_name"] in ALBANIAN_FEMALE_FIRST_NAMES
        assert male["given_name"] in ALBANIAN_MALE_FIRST_NAMES
        assert female["family_name"] in ALBANIAN_SURNAMES
        assert male["family_name"] in ALBANIAN_SURNAMES
        assert female["patronymic"] == male["patronymic"] == ""


def test_albanian_names_use_albanian_letters():
    rng = random.Random(3)
    draws = [person_names("sq_AL", rng.choice(SEXES), rng) for _ in range(200)]
    text = " ".join(f"{d['given_name']} {d['family_name']}" for d in draws)
    assert "ë" in text or "ç" in text
    assert any("ë" in name for name in ALBANIAN_FEMALE_FIRST_NAMES + ALBANIAN_MALE_FIRST_NAMES)
    assert any("ç" in name.lower() for name in ALBANIAN_SURNAMES)


def test_albanian_surnames_do_not_change_with_sex():
    female, male = AlbanianNames(random.Random(9)), AlbanianNames(random.Random(9))
    assert [female.last_name("female") for _ in range(20)] == [male.last_name("male") for _ in range(20)]
    assert AlbanianNames(random.Random(0)).patronymic("male", "Besnik") == ""


# --- Kazakh -----------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("male", "female"),
    [("Жұмабаев", "Жұмабаева"), ("Сейітов", "Сейітова"), ("Мұсин", "Мұсина"), ("Серікұлы", "Серікұлы")],
)
def test_kazakh_female_surname_rule(male, female):
    assert kazakh_female_surname(male) == female


def test_kazakh_surnames_agree_with_sex():
    female, male = KazakhNames(random.Random(4)), KazakhNames(random.Random(4))
    for _ in range(200):
        female_form, male_form = female.last_name("female"), male.last_name("male")
        assert male_form in KAZAKH_SURNAMES
        for male_ending, female_ending in (("ов", "ова"), ("ев", "ева"), ("ин", "ина")):
            if male_form.endswith(male_ending):
                assert female_form == male_form[: -len(male_ending)] + female_ending
                break
        else:
            assert female_form == male_form


def test_kazakh_surnames_mostly_take_russian_style_endings():
    assert all(name.endswith(("ов", "ев", "ин")) for name in KAZAKH_SURNAMES)


def test_kazakh_patronymics_cover_every_male_name_and_agree_with_sex():
    assert set(KAZAKH_PATRONYMICS) == set(KAZAKH_MALE_FIRST_NAMES)
    for son, daughter in KAZAKH_PATRONYMICS.values():
        assert son.endswith(("ович", "евич"))
        assert daughter.endswith(("овна", "евна"))
        assert son[:-2] == daughter[:-2]  # same stem: -ович/-овна share "-ов", -евич/-евна share "-ев"
    provider = KazakhNames(random.Random(0))
    assert provider.patronymic("male", "Серік") == "Серікович"
    assert provider.patronymic("female", "Серік") == "Серіковна"
    assert provider.patronymic("female", "Абай") == "Абаевна"
    assert provider.patronymic("female", "Иван") == ""


def test_kazakh_person_names_agree_with_sex():
    rng = random.Random(6)
    for _ in range(100):
        female = person_names("kk_KZ", "female", rng)
        male = person_names("kk_KZ", "male", rng)
        assert female["given_name"] in KAZAKH_FEMALE_FIRST_NAMES
        assert male["given_name"] in KAZAKH_MALE_FIRST_NAMES
        assert female["family_name"].endswith(("ова", "ева", "ина"))
        assert male["family_name"].endswith(("ов", "ев", "ин"))
        assert female["patronymic"].endswith(("овна", "евна"))
        assert male["patronymic"].endswith(("ович", "евич"))


# --- Faker locales ----------------------------------------------------------------------------------------------------


def test_azerbaijani_patronymic_agrees_with_sex():
    rng = random.Random(8)
    for _ in range(100):
        female = person_names("az_AZ", "female", rng)
        male = person_names("az_AZ", "male", rng)
        assert female["patronymic"].endswith(" qızı")
        assert male["patronymic"].endswith(" oğlu")
        assert "  " not in female["patronymic"] + male["patronymic"]
        assert not female["family_name"].endswith(("ov", "ev"))
        assert not male["family_name"].endswith(("ova", "eva"))


def test_russian_names_agree_with_sex():
    rng = random.Random(10)
    for _ in range(100):
        female = person_names("ru_RU", "female", rng)
        male = person_names("ru_RU", "male", rng)
        assert female["patronymic"].endswith("на")
        assert male["patronymic"].endswith("ич")
        assert not male["family_name"].endswith(("ова", "ева", "ина"))
