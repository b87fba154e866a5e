from django.db import models
from django.utils.translation import gettext_lazy as _


class StatsAuditAction(models.TextChoices):
    """Audit codes of the statistics module (registered with concord.audit.choices.audit_actions)."""

    EXPORT_REQUESTED = "statistics_export_requested", _("Statistics export requested")
    EXPORT_DOWNLOADED = "statistics_export_downloaded", _("Statistics export downloaded")


class ExportKind(models.TextChoices):
    TABLE_CSV = "table_csv", _("Table (CSV)")
    TABLE_XLSX = "table_xlsx", _("Table (XLSX)")
    YEARLY_PDF = "yearly_pdf", _("Yearly report (PDF)")


class ExportStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting")
    RUNNING = "running", _("Being made")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")
