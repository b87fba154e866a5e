"""Django admin, for system administrators only: the site checks the capability, not is_staff/superuser."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from concord.accounts.capabilities import Capability


def _is_system_admin(request: HttpRequest) -> bool:
    user = request.user
    return user.is_authenticated and user.is_active and user.has_capability(Capability.USE_DJANGO_ADMIN)


class SystemAdminOnly:
    """ModelAdmin mixin: every permission is the system-administrator capability."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return _is_system_admin(request)

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return _is_system_admin(request)

    def has_add_permission(self, request: HttpRequest, *args) -> bool:
        return _is_system_admin(request)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return _is_system_admin(request)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return _is_system_admin(request)


class ReadOnlyAdmin(SystemAdminOnly):
    def has_add_permission(self, request: HttpRequest, *args) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


class ConcordAdminSite(admin.AdminSite):
    site_header = "Concord"
    site_title = "Concord"

    def has_permission(self, request: HttpRequest) -> bool:
        return _is_system_admin(request)
