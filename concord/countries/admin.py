from django.contrib import admin

from concord.accounts.admin_site import ReadOnlyAdmin
from concord.countries.models import Country, Holiday


@admin.register(Country)
class CountryAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ["code", "name", "time_zone", "loaded_at"]


@admin.register(Holiday)
class HolidayAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ["date", "name", "country"]
    list_filter = ["country"]
