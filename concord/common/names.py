"""Normalisation of names and identifiers, shared by blind indexes and person matching.

`fold` turns a name typed in any of the scripts Concord's countries use into one lowercase ASCII Latin form: NFKC,
casefold, Cyrillic (Russian, Kazakh and the old Azerbaijani letters) transliterated the way passports spell it,
the Azerbaijani, Turkish, Kazakh and Albanian Latin letters turned into the digraphs a Russian-trained clerk or a
passport would write (ş → sh, ç → ch, ğ → gh, ə → a), then unidecode for the rest and only [a-z0-9 ] with single
spaces. "Şəbnəm", "Шабнам" and "SHABNAM" all fold to "shabnam".

`name_parts` reads the words of a name and separates the patronymic, in whichever of its forms it was typed
("Ziya qızı", "Ziyaqızı", "Ивановна", "Нұрланқызы", "Ahmad oğlu"), keeping the father's name.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from unidecode import unidecode

# Russian as ICAO 9303 spells it, except й -> y and ю/я -> yu/ya (what most clerks and older passports write; the
# phonetic keys treat "i", "y" and "j" between vowels alike, so the ICAO "iu"/"ia" land on the same keys).
_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z", "и": "i",
    "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "",
    "э": "e", "ю": "yu", "я": "ya",
    # Kazakh.
    "ә": "a", "ғ": "gh", "қ": "q", "ң": "ng", "ө": "o", "ұ": "u", "ү": "u", "һ": "h", "і": "i",
    # Azerbaijani Cyrillic (before 1991) and Ukrainian/Belarusian letters met in Kazakh records.
    "ҹ": "j", "ҝ": "g", "ј": "y", "є": "ye", "ї": "yi", "ў": "u",
}  # fmt: skip
# Latin letters of Azerbaijani, Turkish, Kazakh (2021) and Albanian, as their Russian or passport spelling has them.
_LATIN = {
    "ə": "a", "ä": "a", "ş": "sh", "ç": "ch", "ğ": "gh", "ı": "i", "ö": "o", "ü": "u", "ū": "u", "ñ": "ng",
    "ë": "e",
}  # fmt: skip
_FOLD_MAP = str.maketrans(_CYRILLIC | _LATIN)
_NOT_KEPT = re.compile(r"[^a-z0-9 ]+")
_SPACES = re.compile(r"\s+")
_NOT_DIGIT = re.compile(r"\D+")


def fold(value: str) -> str:
    text = unicodedata.normalize("NFKC", value).casefold()
    # Letters unidecode would spell differently from the passport (ş -> s, ə -> @) are mapped first; a combining
    # mark left by a decomposed input goes with NFKC's composition.
    text = unidecode(text.translate(_FOLD_MAP)).lower()
    return _SPACES.sub(" ", _NOT_KEPT.sub(" ", text)).strip()


def normalise_text(value: str, *, sort_tokens: bool = False) -> str:
    text = fold(value)
    if sort_tokens:
        text = " ".join(sorted(text.split()))
    return text


def normalise_identifier(value: str) -> str:
    """ID and document numbers: letters and digits only, case-insensitive ("AZE 12-345" = "aze12345")."""
    return normalise_text(value).replace(" ", "")


def normalise_phone(value: str) -> str:
    """Digits only; the comparison is on the last nine digits so "+994 50 …" and "050 …" match."""
    return _NOT_DIGIT.sub("", value)[-9:]


# ---- the parts of a name --------------------------------------------------------------------------------------------

# Words that follow the father's name: Azerbaijani qızı/oğlu, Kazakh and Kyrgyz qyzy/uly/uulu, as folded and as
# clerks type them without the special letters.
_PATRONYMIC_WORDS = frozenset(
    {"qizi", "kizi", "gizi", "ghizi", "oglu", "ogly", "ogli", "oghlu", "ghyzy", "qyzy", "kyzy", "kizy", "uly", "uli",
     "ulu", "uulu", "ugli", "kyzi"}
)  # fmt: skip
# The same words fused to the father's name ("nurlanqyzy"), and the Russian-style patronymic endings.
_FUSED_PATRONYMIC = re.compile(r"^(?P<father>[a-z]{3,}?)(?:qizi|kizi|gizi|qyzy|kyzy|ghyzy|oglu|ogly|ogli|uly|uulu)$")
_RUSSIAN_PATRONYMIC = re.compile(
    r"^(?P<father>[a-z]{2,}?)(?:ovna|evna|yevna|ievna|ichna|inichna|ovich|evich|yevich|ievich|ich|ych|ovych|ivna)$"
)
# Albanian definite and indefinite endings: Drita/Dritë, Gjergji/Gjergj, Hoxhaj/Hoxha.
_ALBANIAN_ENDING = re.compile(r"(?<=[a-z]{3})(?:ja|je|aj|a|e|i)$")


@dataclass(frozen=True)
class NameParts:
    """The folded words of a person's names (given and family names, in any order) and the father's name taken out
    of the patronymic."""

    words: tuple[str, ...]
    father: str = ""


def _father_of(word: str) -> str:
    for pattern in (_FUSED_PATRONYMIC, _RUSSIAN_PATRONYMIC):
        found = pattern.match(word)
        if found:
            return found["father"]
    return ""


def name_parts(given_name: str = "", family_name: str = "", patronymic: str = "") -> NameParts:
    """Separate the patronymic wherever it was typed: its own field, or the end of the given or family name."""
    words: list[str] = []
    father = ""
    for field, text in (("given", given_name), ("family", family_name), ("patronymic", patronymic)):
        folded = fold(text).split()
        index = 0
        while index < len(folded):
            word = folded[index]
            following = folded[index + 1] if index + 1 < len(folded) else ""
            if following in _PATRONYMIC_WORDS:
                father = father or word
                index += 2
                continue
            if word in _PATRONYMIC_WORDS:
                index += 1
                continue
            # An ending is a patronymic only where one is expected: in its field, or as the last of three words
            # or more. Elsewhere it is a family name: Azerbaijani Nəbioğlu, Russian Ivanovich.
            expected = field == "patronymic" or (len(folded) > 2 and index == len(folded) - 1)
            stem = _father_of(word) if expected else ""
            if stem:
                father = father or stem
            elif field == "patronymic":
                father = father or word
            else:
                words.append(word)
            index += 1
    return NameParts(words=tuple(words), father=father)


def albanian_stem(word: str) -> str:
    """The word without an Albanian definite or indefinite ending, for comparing Drita with Dritë."""
    return _ALBANIAN_ENDING.sub("", word)
