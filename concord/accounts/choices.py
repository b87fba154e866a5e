from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    CASEWORKER = "caseworker", _("Caseworker")
    SUPERVISOR = "supervisor", _("Supervisor")
    COORDINATOR = "coordinator", _("Coordinator")
    GROUP_MEMBER = "group_member", _("Monitoring group member")
    ANALYST = "analyst", _("Analyst")
    AGENCY_ADMIN = "agency_admin", _("Agency administrator")
    SYSTEM_ADMIN = "system_admin", _("System administrator")
    AUDITOR = "auditor", _("Auditor")
