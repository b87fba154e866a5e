"""Names of reference data (territories, agencies, agency kinds, countries, holidays) in every interface language.

The English name is a column (`name_en`: the canonical spelling, used for ordering and as the fallback); the other
languages live in one JSON mapping (`names`), so a deployment that adds an interface language adds a catalogue and
the packs' names, not a database column. `name` reads the active language's name, falling back to English.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from config.languages import SOURCE_LANGUAGE

FALLBACK_LANGUAGE = SOURCE_LANGUAGE  # the language of the code's messages is the one every name is given in


class UnicodeJSONEncoder(DjangoJSONEncoder):
    """Stores letters as letters (Binəqədi, not Bin\\u0259q\\u0259di), so a text search inside the JSON finds them
    on SQLite as on PostgreSQL."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["ensure_ascii"] = False
        super().__init__(*args, **kwargs)


def names_field() -> models.JSONField:
    return models.JSONField(
        _("names in other languages"),
        default=dict,
        blank=True,
        encoder=UnicodeJSONEncoder,
        help_text=_("The name in each interface language other than English, by language code."),
    )


def other_languages() -> list[tuple[str, str]]:
    """The deployment's interface languages that are kept in `names` (all but English), with their names."""
    return [(code, label) for code, label in settings.LANGUAGES if code != FALLBACK_LANGUAGE]


def name_in(name_en: str, names: dict[str, str] | None, language: str) -> str:
    """The name in `language`, else the English one."""
    if language == FALLBACK_LANGUAGE:
        return name_en
    return (names or {}).get(language) or name_en


def active_language() -> str:
    return get_language() or settings.LANGUAGE_CODE


class TranslatedName:
    """For models with `name_en` and `names` (see names_field)."""

    name_en: str
    names: dict[str, str]

    @property
    def name(self) -> str:
        return self.name_in(active_language())

    def name_in(self, language: str) -> str:
        return name_in(self.name_en, self.names, language)

    def all_names(self) -> dict[str, str]:
        return {FALLBACK_LANGUAGE: self.name_en, **(self.names or {})}

    def __str__(self) -> str:
        return self.name


def named_rows(queryset) -> list[tuple[int, str]]:
    """(id, name in the active language) of reference data with `name_en` and `names`, read as rows, without a
    model instance each: the options of a select naming hundreds of agencies."""
    language = active_language()
    return [(pk, name_in(en, names, language)) for pk, en, names in queryset.values_list("pk", "name_en", "names")]


def code_or_name_contains(text: str) -> Q:
    """Reference data whose code or name, in any language, contains `text`."""
    return Q(code__icontains=text) | Q(name_en__icontains=text) | Q(names__icontains=text)
