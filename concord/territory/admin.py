from django.contrib import admin

from concord.accounts.admin_site import SystemAdminOnly
from concord.territory.models import Territory


@admin.register(Territory)
class TerritoryAdmin(SystemAdminOnly, admin.ModelAdmin):
    list_display = ["code", "name", "level", "country_code", "is_active"]
    list_filter = ["country_code", "level", "is_active"]
    search_fields = ["code", "name_en", "names"]
    readonly_fields = ["path"]
    raw_id_fields = ["parent"]
