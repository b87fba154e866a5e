from django.contrib import admin

from concord.accounts.admin_site import ReadOnlyAdmin
from concord.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ["id", "occurred_at", "action", "actor", "agency", "object_type", "object_id"]
    list_filter = ["action"]
    date_hierarchy = "occurred_at"
