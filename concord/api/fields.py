"""Serializer fields shared by the apps' APIs."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from concord.common.translated import other_languages


class NamesField(serializers.DictField):
    """A reference row's names in the interface languages other than English, by language code ({"az": "…"})."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", _("The name in each interface language other than English, by language code."))
        super().__init__(child=serializers.CharField(max_length=250, allow_blank=True), **kwargs)

    def to_internal_value(self, data: Any) -> dict[str, str]:
        names = super().to_internal_value(data)
        offered = {code for code, _label in other_languages()}
        unknown = sorted(set(names) - offered)
        if unknown:
            raise serializers.ValidationError(
                _("Unknown language %(found)s; expected one of: %(allowed)s.")
                % {"found": ", ".join(unknown), "allowed": ", ".join(sorted(offered))}
            )
        return {code: text.strip() for code, text in names.items() if text.strip()}
