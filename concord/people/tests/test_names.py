"""Normalisation and phonetic keys across the scripts and spellings of the three countries' names."""

import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from concord.common.names import NameParts, albanian_stem, fold, name_parts
from concord.people.keys import phonetic_keys, sound_form

LATIN_AZ = "abcçdeəfgğhxıijkqlmnoöprsştuüvyz"
CYRILLIC_RU = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"
CYRILLIC_KZ = CYRILLIC_RU + "әғқңөұүһі"
LATIN_AL = "abcçddheëfggjhijklllmnnjopqrrrsshtthuvxxhyzzh"


def _word(alphabet: str) -> st.SearchStrategy[str]:
    return st.text(alphabet=alphabet, min_size=1, max_size=14)


@pytest.mark.parametrize("alphabet", [LATIN_AZ, CYRILLIC_RU, CYRILLIC_KZ, LATIN_AL, string.ascii_letters])
@given(data=st.data())
def test_fold_gives_lowercase_ascii_and_is_idempotent(alphabet, data):
    word = data.draw(_word(alphabet + alphabet.upper() + " -'"))
    folded = fold(word)
    assert folded == fold(folded)
    assert set(folded) <= set(string.ascii_lowercase + string.digits + " ")


@given(_word(CYRILLIC_KZ))
def test_case_and_composition_do_not_change_the_keys(word):
    import unicodedata

    decomposed = unicodedata.normalize("NFD", word.upper())
    assert phonetic_keys(fold(decomposed)) == phonetic_keys(fold(word))


@pytest.mark.parametrize(
    "spellings",
    [
        # Azerbaijani Latin, Russian Cyrillic, passport, Latin without the special letters.
        ("Şəbnəm", "Шабнам", "SHABNAM", "Sebnem"),
        ("Məmmədova", "Мамедова", "MAMMADOVA", "Memmedova"),
        ("Rzayeva", "Рзаева", "RZAYEVA", "Rzaeva"),
        ("Xədicə", "Хадиджа", "KHADIJA"),
        ("Hüseynova", "Гусейнова", "HUSEYNOVA", "Huseynova"),
        ("Qasımov", "Гасымов", "GASIMOV", "Qasimov"),
        ("Cəmilə", "Джамиля", "JAMILA", "Cemile"),
        ("Yusif", "Юсиф", "IUSIF", "Yusuf"),
        # Kazakh Cyrillic, Russian Cyrillic, Kazakh Latin of 2021, passport.
        ("Айгүл", "Айгуль", "Aigül", "AIGUL"),
        ("Серікбаева", "Серикбаева", "Serıkbaeva", "SERIKBAYEVA"),
        ("Жұлдыз", "Жулдыз", "Jūldyz", "ZHULDYZ"),
        ("Қасымов", "Касымов", "Qasymov", "KASYMOV"),
        # Russian names in their romanisations (ICAO 9303 and older ones).
        ("Юлия", "Iuliia", "Yuliya", "Julija"),
        ("Хабибуллина", "Khabibullina", "Habibullina"),
        # Albanian with and without ë and ç, in the other definite/indefinite form.
        ("Dritë", "Drita", "Drite"),
        ("Çela", "Cela"),
        ("Xhafa", "XHAFA"),
    ],
)
def test_spellings_of_one_name_share_a_key(spellings):
    keys = [set(phonetic_keys(fold(spelling))) for spelling in spellings]
    shared = set.intersection(*keys)
    assert shared, dict(zip(spellings, keys, strict=True))


@pytest.mark.parametrize(
    ("first", "second"),
    [("Şəbnəm", "Səbinə"), ("Aynurə", "Gülnarə"), ("Rzayeva", "Rəhimova"), ("Drita", "Dorina"), ("Айгүл", "Айжан")],
)
def test_different_names_have_different_keys(first, second):
    assert not set(phonetic_keys(fold(first))) & set(phonetic_keys(fold(second)))


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        (("Aynurə", "Sultanlı", "Ziya qızı"), NameParts(("aynura", "sultanli"), "ziya")),
        (("Aynurə Ziya qızı", "Sultanlı", ""), NameParts(("aynura", "sultanli"), "ziya")),
        (("Sultanlı Aynurə Ziya qızı", "", ""), NameParts(("sultanli", "aynura"), "ziya")),
        (("Elnur", "Məmmədov", "Əli oğlu"), NameParts(("elnur", "mammadov"), "ali")),
        (("Айгүл", "Серікбаева", "Нұрланқызы"), NameParts(("aygul", "serikbaeva"), "nurlan")),
        (("Ерлан", "Ахметов", "Нұрланұлы"), NameParts(("erlan", "akhmetov"), "nurlan")),
        (("Мария", "Иванова", "Петровна"), NameParts(("mariya", "ivanova"), "petr")),
        (("Иванова Мария Петровна", "", ""), NameParts(("ivanova", "mariya"), "petr")),
        (("Aibek", "Toktogulov", "Asan uulu"), NameParts(("aibek", "toktogulov"), "asan")),
        # A family name with a patronymic's ending stays a family name.
        (("Əşrəf", "Səmədoğlu", ""), NameParts(("ashraf", "samadoghlu"), "")),
        (("Ivan", "Ivanovich", ""), NameParts(("ivan", "ivanovich"), "")),
    ],
)
def test_the_patronymic_is_separated_wherever_it_was_typed(fields, expected):
    assert name_parts(*fields) == expected


@pytest.mark.parametrize(
    ("a", "b"), [("drita", "drite"), ("gjergji", "gjergj"), ("hoxhaj", "hoxha"), ("iliri", "ilir")]
)
def test_albanian_definite_and_indefinite_forms_share_a_stem(a, b):
    assert albanian_stem(a) == albanian_stem(b)


def test_sound_forms_absorb_vowel_and_doubling_differences():
    assert sound_form(fold("Məmmədova")) == sound_form(fold("Мамедова"))
    assert sound_form(fold("Şəbnəm")) == sound_form(fold("Шабнам"))
