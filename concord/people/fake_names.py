"""Fake person names for demo data in Azerbaijan, Albania and Kazakhstan.

Faker covers ``az_AZ`` and ``ru_RU``; its ``sq_AL`` falls back to English names and it has no ``kk_KZ`` at all
(see STYLE.md §1.1). The two small providers below fill that gap. Their lists were written by hand from general
knowledge of common names; they are not taken from any data set of real people.

Every provider draws only from the ``random.Random`` it is given, so a fixed seed gives the same names every time.
This module does not touch the database.
"""

from __future__ import annotations

import random
from functools import cache

from faker import Faker

FEMALE = "female"
MALE = "male"
SEXES = (FEMALE, MALE)


def _check_sex(sex: str) -> str:
    if sex not in SEXES:
        raise ValueError(f"sex must be {FEMALE!r} or {MALE!r}, not {sex!r}")
    return sex


# --- Albanian --------------------------------------------------------------------------------------------------------

ALBANIAN_FEMALE_FIRST_NAMES: tuple[str, ...] = (
    "Alketa", "Anila", "Anxhela", "Ardita", "Arta", "Besa", "Besiana", "Blerta", "Bora", "Brikena",
    "Dafina", "Dëshira", "Donika", "Dorina", "Drita", "Edlira", "Elira", "Elona", "Elsa", "Ema",
    "Enkeleda", "Entela", "Erëza", "Eriona", "Erjona", "Fatjona", "Fjolla", "Floriana", "Flutura", "Gentiana",
    "Gëzime", "Greta", "Hëna", "Ilda", "Jehona", "Jonida", "Kaltrina", "Klea", "Klodiana", "Ledia",
    "Lindita", "Lira", "Luljeta", "Majlinda", "Manjola", "Marjeta", "Merita", "Mimoza", "Mirela", "Mirjeta",
    "Nertila", "Nora", "Orjeta", "Rovena", "Rudina", "Shpresa", "Sidorela", "Suela", "Teuta", "Valbona",
    "Vjollca", "Vlora", "Xhensila", "Zana",
)  # fmt: skip

ALBANIAN_MALE_FIRST_NAMES: tuple[str, ...] = (
    "Adrian", "Agron", "Alban", "Altin", "Andi", "Ardit", "Arben", "Arjan", "Armend", "Artan",
    "Astrit", "Bashkim", "Besnik", "Blerim", "Bujar", "Çlirim", "Dardan", "Dritan", "Drilon", "Edmond",
    "Elton", "Endrit", "Enver", "Ergys", "Erion", "Ermal", "Fatmir", "Fatos", "Flamur", "Florian",
    "Genci", "Gentian", "Gëzim", "Hekuran", "Ilir", "Ilirjan", "Kastriot", "Klodian", "Kujtim", "Leart",
    "Luan", "Lulëzim", "Mentor", "Mergim", "Nderim", "Olsi", "Orges", "Përparim", "Petrit", "Redon",
    "Rexhep", "Shkëlqim", "Skënder", "Sokol", "Taulant", "Tonin", "Valon", "Vullnet", "Xhevdet", "Ylli",
    "Zamir",
)  # fmt: skip

# Albanian surnames do not change with sex.
ALBANIAN_SURNAMES: tuple[str, ...] = (
    "Bajrami", "Basha", "Beqiri", "Berisha", "Bregu", "Bytyçi", "Cani", "Çaushi", "Çela", "Çoku",
    "Çollaku", "Demiri", "Dervishi", "Dibra", "Doda", "Duka", "Dushku", "Elezi", "Frashëri", "Gashi",
    "Gjika", "Gjini", "Gjoka", "Gjoni", "Halili", "Hasani", "Hoti", "Hoxha", "Hysa", "Ibrahimi",
    "Isufi", "Jashari", "Kadiu", "Kapllani", "Kastrati", "Kelmendi", "Kola", "Krasniqi", "Kuçi", "Kurti",
    "Leka", "Lika", "Lleshi", "Luli", "Marku", "Mehmeti", "Mema", "Meta", "Muça", "Mustafa",
    "Myftiu", "Ndreu", "Nikolla", "Osmani", "Paloka", "Përmeti", "Prifti", "Qosja", "Rama", "Ramadani",
    "Rustemi", "Sadiku", "Selimi", "Shala", "Shehu", "Shkurti", "Sinani", "Spahiu", "Sula", "Tafa",
    "Tahiri", "Topalli", "Toska", "Veliu", "Vrioni", "Xhafa", "Ymeri", "Zeneli", "Zogu", "Zyba",
)  # fmt: skip


class _NameLists:
    """First names by sex and surnames drawn with one random generator; subclasses add the grammar."""

    female_first_names: tuple[str, ...] = ()
    male_first_names: tuple[str, ...] = ()
    surnames: tuple[str, ...] = ()

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def first_name_female(self) -> str:
        return self.rng.choice(self.female_first_names)

    def first_name_male(self) -> str:
        return self.rng.choice(self.male_first_names)

    def first_name(self, sex: str) -> str:
        return self.first_name_female() if _check_sex(sex) == FEMALE else self.first_name_male()


class AlbanianNames(_NameLists):
    """Albanian names in Latin script (with ë and ç)."""

    female_first_names = ALBANIAN_FEMALE_FIRST_NAMES
    male_first_names = ALBANIAN_MALE_FIRST_NAMES
    surnames = ALBANIAN_SURNAMES

    def last_name(self, sex: str) -> str:
        _check_sex(sex)
        return self.rng.choice(self.surnames)

    def patronymic(self, sex: str, father_first_name: str) -> str:
        """Albanian records keep the father's first name in a field of its own; there is no patronymic."""
        _check_sex(sex)
        return ""


# --- Kazakh ----------------------------------------------------------------------------------------------------------

KAZAKH_FEMALE_FIRST_NAMES: tuple[str, ...] = (
    "Айгерім", "Айдана", "Айжан", "Айнұр", "Айсұлу", "Айым", "Ақбота", "Ақмарал", "Анар", "Арай",
    "Аружан", "Әйгерім", "Әлия", "Әлфия", "Әсел", "Балжан", "Бибігүл", "Ботагөз", "Гаухар", "Гүлжан",
    "Гүлмира", "Гүлнар", "Гүлнұр", "Дана", "Данагүл", "Дариға", "Динара", "Жадыра", "Жазира", "Жанар",
    "Жансая", "Жұлдыз", "Зарина", "Индира", "Інкәр", "Камила", "Қамшат", "Қарлығаш", "Күнсұлу", "Ләззат",
    "Мадина", "Майра", "Мақпал", "Меруерт", "Мөлдір", "Назерке", "Нәзира", "Нұргүл", "Нұрсұлу", "Перизат",
    "Раушан", "Сабина", "Салтанат", "Самал", "Сәуле", "Сымбат", "Толғанай", "Томирис", "Ұлжан", "Ұлпан",
    "Фариза", "Шолпан", "Шынар", "Эльмира",
)  # fmt: skip

# Father's first name -> (son's patronymic, daughter's patronymic), in the Russian style (-ович/-овна, -евич/-евна)
# that dominates Kazakh identity documents, spelled with Kazakh letters like the rest of the name. Russian grammar:
# a final -й becomes -евич/-евна (Абай -> Абаевич), a final hushing consonant takes -евич/-евна (Қуаныш ->
# Қуанышевич), everything else takes -ович/-овна. Every male first name below has an entry.
KAZAKH_PATRONYMICS: dict[str, tuple[str, str]] = {
    "Абай": ("Абаевич", "Абаевна"),
    "Азамат": ("Азаматович", "Азаматовна"),
    "Айдос": ("Айдосович", "Айдосовна"),
    "Ақжол": ("Ақжолович", "Ақжоловна"),
    "Алмас": ("Алмасович", "Алмасовна"),
    "Арман": ("Арманович", "Армановна"),
    "Арсен": ("Арсенович", "Арсеновна"),
    "Асқар": ("Асқарович", "Асқаровна"),
    "Әділет": ("Әділетович", "Әділетовна"),
    "Әлібек": ("Әлібекович", "Әлібековна"),
    "Бауыржан": ("Бауыржанович", "Бауыржановна"),
    "Бақыт": ("Бақытович", "Бақытовна"),
    "Бекжан": ("Бекжанович", "Бекжановна"),
    "Бекзат": ("Бекзатович", "Бекзатовна"),
    "Болат": ("Болатович", "Болатовна"),
    "Ғалым": ("Ғалымович", "Ғалымовна"),
    "Данияр": ("Даниярович", "Данияровна"),
    "Дархан": ("Дарханович", "Дархановна"),
    "Дәулет": ("Дәулетович", "Дәулетовна"),
    "Дәурен": ("Дәуренович", "Дәуреновна"),
    "Елдос": ("Елдосович", "Елдосовна"),
    "Ерасыл": ("Ерасылович", "Ерасыловна"),
    "Ербол": ("Ерболович", "Ерболовна"),
    "Ерболат": ("Ерболатович", "Ерболатовна"),
    "Ерғали": ("Ерғалиевич", "Ерғалиевна"),
    "Ержан": ("Ержанович", "Ержановна"),
    "Ерік": ("Ерікович", "Еріковна"),
    "Ерлан": ("Ерланович", "Ерлановна"),
    "Ернар": ("Ернарович", "Ернаровна"),
    "Есен": ("Есенович", "Есеновна"),
    "Ескендір": ("Ескендірович", "Ескендіровна"),
    "Жандос": ("Жандосович", "Жандосовна"),
    "Жасұлан": ("Жасұланович", "Жасұлановна"),
    "Жомарт": ("Жомартович", "Жомартовна"),
    "Ілияс": ("Ілиясович", "Ілиясовна"),
    "Исатай": ("Исатаевич", "Исатаевна"),
    "Қайрат": ("Қайратович", "Қайратовна"),
    "Қанат": ("Қанатович", "Қанатовна"),
    "Қуандық": ("Қуандықович", "Қуандықовна"),
    "Қуаныш": ("Қуанышевич", "Қуанышевна"),
    "Марат": ("Маратович", "Маратовна"),
    "Мақсат": ("Мақсатович", "Мақсатовна"),
    "Медет": ("Медетович", "Медетовна"),
    "Мирас": ("Мирасович", "Мирасовна"),
    "Мұрат": ("Мұратович", "Мұратовна"),
    "Нұрбол": ("Нұрболович", "Нұрболовна"),
    "Нұржан": ("Нұржанович", "Нұржановна"),
    "Нұрлан": ("Нұрланович", "Нұрлановна"),
    "Нұрсұлтан": ("Нұрсұлтанович", "Нұрсұлтановна"),
    "Олжас": ("Олжасович", "Олжасовна"),
    "Рахат": ("Рахатович", "Рахатовна"),
    "Руслан": ("Русланович", "Руслановна"),
    "Самат": ("Саматович", "Саматовна"),
    "Санжар": ("Санжарович", "Санжаровна"),
    "Серік": ("Серікович", "Серіковна"),
    "Сұлтан": ("Сұлтанович", "Сұлтановна"),
    "Талғат": ("Талғатович", "Талғатовна"),
    "Темірлан": ("Темірланович", "Темірлановна"),
    "Тимур": ("Тимурович", "Тимуровна"),
    "Төлеген": ("Төлегенович", "Төлегеновна"),
    "Ұлан": ("Ұланович", "Ұлановна"),
}

KAZAKH_MALE_FIRST_NAMES: tuple[str, ...] = tuple(KAZAKH_PATRONYMICS)

# Male forms; the female form is derived by kazakh_female_surname().
KAZAKH_SURNAMES: tuple[str, ...] = (
    "Ахметов", "Әбенов", "Әбдірахманов", "Әлиев", "Әлімжанов", "Әубәкіров", "Байбеков", "Байжанов", "Байтұрсынов",
    "Бейсенов", "Бекетов", "Бекқожин", "Бекмұхамбетов", "Бөкейханов", "Ғабдуллин", "Дүйсенов", "Ержанов", "Ермеков",
    "Есенов", "Есімов", "Жақсыбеков", "Жақыпов", "Жанұзақов", "Жұмабаев", "Жұмағалиев", "Жүнісов", "Ибрагимов",
    "Исаев", "Қайыров", "Қалиев", "Қасымов", "Кенжебаев", "Қожахметов", "Қонаев", "Құдайбергенов", "Құнанбаев",
    "Қуанышев", "Мамыров", "Мұқанов", "Мұратов", "Мұсин", "Мұхамеджанов", "Нұрғалиев", "Нұрмағамбетов", "Нұрпейісов",
    "Омаров", "Оразов", "Оспанов", "Рахимов", "Рысқұлов", "Сағындықов", "Садықов", "Сапаров", "Сәрсенбаев",
    "Сәрсенов", "Сәтбаев", "Сейітов", "Серікбаев", "Смағұлов", "Сүлейменов", "Сыздықов", "Тәжібаев", "Тоқаев",
    "Төлеубаев", "Төлегенов", "Тұрсынов", "Ұзақов", "Үсенов", "Хасенов", "Шәріпов", "Шайхин", "Ыбыраев", "Ысқақов",
    "Жақыпбеков", "Ахметжанов", "Тұрғанбаев", "Қалиақпаров", "Сұлтанов", "Нұрлыбаев", "Ғалиев",
)  # fmt: skip

_FEMALE_SURNAME_ENDINGS = (("ов", "ова"), ("ев", "ева"), ("ёв", "ёва"), ("ин", "ина"))


def kazakh_female_surname(male_surname: str) -> str:
    """Russian-style feminine form: -ов -> -ова, -ев -> -ева, -ин -> -ина; other endings (e.g. -ұлы) unchanged."""
    for male_ending, female_ending in _FEMALE_SURNAME_ENDINGS:
        if male_surname.endswith(male_ending):
            return male_surname[: -len(male_ending)] + female_ending
    return male_surname


class KazakhNames(_NameLists):
    """Kazakh names in Cyrillic as written in Kazakh civil documents."""

    female_first_names = KAZAKH_FEMALE_FIRST_NAMES
    male_first_names = KAZAKH_MALE_FIRST_NAMES
    surnames = KAZAKH_SURNAMES
    patronymics = KAZAKH_PATRONYMICS

    def last_name(self, sex: str) -> str:
        surname = self.rng.choice(self.surnames)
        return kazakh_female_surname(surname) if _check_sex(sex) == FEMALE else surname

    def patronymic(self, sex: str, father_first_name: str) -> str:
        """Russian-style patronymic from the father's first name, or "" for a name not in KAZAKH_PATRONYMICS."""
        forms = self.patronymics.get(father_first_name)
        if forms is None:
            _check_sex(sex)
            return ""
        return forms[1] if _check_sex(sex) == FEMALE else forms[0]


# --- Faker-backed locales and the public entry points ----------------------------------------------------------------

FAKER_LOCALES = ("az_AZ", "ru_RU")
OWN_PROVIDERS: dict[str, type[AlbanianNames] | type[KazakhNames]] = {"sq_AL": AlbanianNames, "kk_KZ": KazakhNames}
LOCALES = (*FAKER_LOCALES, *OWN_PROVIDERS)

LOCALES_BY_COUNTRY: dict[str, list[str]] = {
    "az": ["az_AZ", "az_AZ", "az_AZ", "ru_RU"],
    "al": ["sq_AL"],
    "kz": ["kk_KZ", "kk_KZ", "ru_RU"],
}


@cache
def _faker(locale: str) -> Faker:
    return Faker(locale)


def _faker_names(locale: str, sex: str, rng: random.Random) -> dict[str, str]:
    fake = _faker(locale)
    fake.seed_instance(rng.randrange(2**32))
    female = sex == FEMALE
    if locale == "az_AZ":
        given = fake.first_name_female() if female else fake.first_name_male()
        family = fake.last_name_female() if female else fake.last_name_male()
        # Faker's az_AZ male list has entries with a trailing space ("Ramiz "), hence the strip().
        patronymic = fake.first_name_male().strip() + (" qızı" if female else " oğlu")
    else:  # ru_RU
        given = fake.first_name_female() if female else fake.first_name_male()
        family = fake.last_name_female() if female else fake.last_name_male()
        patronymic = fake.middle_name_female() if female else fake.middle_name_male()
    return {"given_name": given.strip(), "family_name": family.strip(), "patronymic": patronymic.strip()}


def person_names(locale: str, sex: str, rng: random.Random) -> dict[str, str]:
    """A fake person's ``given_name``, ``family_name`` and ``patronymic`` ("" where the locale has none)."""
    _check_sex(sex)
    if locale in FAKER_LOCALES:
        return _faker_names(locale, sex, rng)
    if locale not in OWN_PROVIDERS:
        raise ValueError(f"unsupported locale {locale!r}; expected one of {', '.join(LOCALES)}")
    provider = OWN_PROVIDERS[locale](rng)
    given = provider.first_name(sex)
    family = provider.last_name(sex)
    patronymic = provider.patronymic(sex, provider.first_name_male())
    return {"given_name": given, "family_name": family, "patronymic": patronymic}


def country_person_names(country: str, sex: str, rng: random.Random) -> dict[str, str]:
    """Names for someone in ``country`` ("az", "al", "kz"), picking the locale by the weights in LOCALES_BY_COUNTRY."""
    try:
        locales = LOCALES_BY_COUNTRY[country]
    except KeyError:
        raise ValueError(f"unsupported country {country!r}; expected one of {', '.join(LOCALES_BY_COUNTRY)}") from None
    return person_names(rng.choice(locales), sex, rng)
