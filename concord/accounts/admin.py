from django.contrib import admin

from concord.accounts.admin_site import SystemAdminOnly
from concord.accounts.models import Agency, AgencyKind, Membership, User


class MembershipInline(SystemAdminOnly, admin.TabularInline):
    model = Membership
    extra = 0
    filter_horizontal = ["jurisdiction"]
    autocomplete_fields = ["agency"]


@admin.register(User)
class UserAdmin(SystemAdminOnly, admin.ModelAdmin):
    list_display = ["email", "full_name", "is_active", "date_joined"]
    list_filter = ["is_active"]
    search_fields = ["email", "full_name"]
    fields = ["email", "full_name", "language", "is_active", "must_change_password"]
    inlines = [MembershipInline]

    def has_delete_permission(self, request, obj=None) -> bool:
        # Accounts are deactivated, never deleted: the audit log refers to them.
        return False


@admin.register(AgencyKind)
class AgencyKindAdmin(SystemAdminOnly, admin.ModelAdmin):
    list_display = ["code", "name", "country_code"]
    list_filter = ["country_code"]


@admin.register(Agency)
class AgencyAdmin(SystemAdminOnly, admin.ModelAdmin):
    list_display = ["code", "name", "kind", "territory", "is_active"]
    list_filter = ["is_active", "kind__country_code"]
    search_fields = ["code", "name_en", "names"]
    autocomplete_fields = ["territory"]
