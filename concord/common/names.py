"""Normalisation of names and identifiers, shared by blind indexes and duplicate detection.

NFKC, casefold, then a pre-map for letters that unidecode mangles (Azerbaijani ə becomes "@", Kazakh ұ "u'"),
then unidecode, then only [a-z0-9 ] with single spaces.
"""

from __future__ import annotations

import re
import unicodedata

from unidecode import unidecode

_PRE_MAP = str.maketrans(
    {
        "ə": "a",
        "ә": "a",
        "ғ": "g",
        "қ": "k",
        "ң": "n",
        "ө": "o",
        "ұ": "u",
        "ү": "u",
        "һ": "h",
        "і": "i",
        "ı": "i",
    }
)
_NOT_KEPT = re.compile(r"[^a-z0-9 ]+")
_SPACES = re.compile(r"\s+")
_NOT_DIGIT = re.compile(r"\D+")


def normalise_text(value: str, *, sort_tokens: bool = False) -> str:
    text = unicodedata.normalize("NFKC", value).casefold().translate(_PRE_MAP)
    text = unidecode(text).lower()
    text = _SPACES.sub(" ", _NOT_KEPT.sub(" ", text)).strip()
    if sort_tokens:
        text = " ".join(sorted(text.split()))
    return text


def normalise_identifier(value: str) -> str:
    """ID and document numbers: letters and digits only, case-insensitive ("AZE 12-345" = "aze12345")."""
    return normalise_text(value).replace(" ", "")


def normalise_phone(value: str) -> str:
    """Digits only; the comparison is on the last nine digits so "+994 50 …" and "050 …" match."""
    return _NOT_DIGIT.sub("", value)[-9:]
