"""Serializers of the territory API."""

from __future__ import annotations

from rest_framework import serializers

from concord.territory.models import Territory


class TerritorySerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)

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
            "name_az",
            "name_ru",
            "name_sq",
            "is_active",
        ]
        read_only_fields = ["id", "code", "parent", "level", "country_code", "name"]
