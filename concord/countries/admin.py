from django.contrib import admin

from concord.accounts.admin_site import ReadOnlyAdmin
from concord.countries.models import CalendarDay, Country


@admin.register(Country)
class CountryAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ["code", "name", "time_zone", "loaded_at"]


@admin.register(CalendarDay)
class CalendarDayAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ["date", "kind", "name", "source", "country"]
    list_filter = ["country", "kind"]
