"""Serializers of the countries API: the loaded packs' settings and working calendars."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from concord.api.fields import NamesField
from concord.countries.models import CalendarDay, Country, WorkingWeek
from concord.countries.selectors import FIRST_YEAR, LAST_YEAR


class CountrySerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True, help_text=_("The name in the language of the request."))
    names = NamesField(read_only=True)

    class Meta:
        model = Country
        fields = ["code", "name", "name_en", "names", "languages", "default_language", "time_zone"]
        read_only_fields = fields


class WorkingWeekSerializer(serializers.ModelSerializer):
    class Meta:
        model = WorkingWeek
        fields = ["effective_from", "days"]
        read_only_fields = fields


class CalendarDaySerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True, help_text=_("The name in the language of the request."))
    names = NamesField(read_only=True)

    class Meta:
        model = CalendarDay
        fields = ["date", "kind", "yearly", "name", "name_en", "names", "source"]
        read_only_fields = fields


class CalendarYearQuerySerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=FIRST_YEAR, max_value=LAST_YEAR)


class CalendarSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    working_weeks = WorkingWeekSerializer(many=True)
    days = CalendarDaySerializer(many=True)
