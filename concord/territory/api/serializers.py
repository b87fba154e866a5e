"""Serializers of the territory API."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from concord.api.fields import NamesField
from concord.territory.models import Territory


class TerritorySerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    name = serializers.CharField(read_only=True, help_text=_("The name in the language of the request."))
    names = NamesField()

    class Meta:
        model = Territory
        fields = [
            "id",
            "code",
            "parent",
            "level",
            "country_code",
            "name",
            "name_en",
            "names",
            "is_active",
        ]
        read_only_fields = ["id", "code", "parent", "level", "country_code", "name"]
