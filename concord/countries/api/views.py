"""The loaded country packs and their working calendars: reference data readable by all staff."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from concord.api.permissions import IsStaffWithMfa
from concord.countries.api.serializers import CalendarSerializer, CalendarYearQuerySerializer, CountrySerializer
from concord.countries.selectors import calendar_days, country_get, country_list, working_weeks


class CountryViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = CountrySerializer
    permission_classes = [IsStaffWithMfa]
    lookup_field = "code"
    lookup_value_regex = "[a-z]{2}"
    pagination_class = None

    def get_queryset(self):
        return country_list()

    def get_object(self):
        return country_get(self.kwargs["code"])

    @extend_schema(
        parameters=[CalendarYearQuerySerializer],
        responses=CalendarSerializer,
        description="The days of a year that differ from the country's working week (holidays, transferred "
        "working days, shortened days), with the working-week rules.",
    )
    @action(detail=True, methods=["get"])
    def calendar(self, request: Request, code: str) -> Response:
        query = CalendarYearQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        country = self.get_object()
        year = query.validated_data["year"]
        data = {"year": year, "working_weeks": working_weeks(country), "days": calendar_days(country, year)}
        return Response(CalendarSerializer(data).data)
