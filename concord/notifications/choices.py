from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationKind(models.TextChoices):
    BREAK_GLASS = "break_glass", _("Emergency access to a case")
    CLOSURE_REQUESTED = "closure_requested", _("Case closure awaits your approval")
    PLAN_SUBMITTED = "plan_submitted", _("Case plan awaits your approval")
    CASE_SHARED = "case_shared", _("A case was shared with your agency")
    REASSESSMENT_DUE = "reassessment_due", _("A risk reassessment is due")
    REASSESSMENT_OVERDUE = "reassessment_overdue", _("A risk reassessment is overdue")
    RISK_LOWERED = "risk_lowered", _("A case's high risk level was lowered")
    RISK_LOWERING_PENDING = "risk_lowering_pending", _("A lower risk level awaits your confirmation")
    RISK_LOWERING_DECIDED = "risk_lowering_decided", _("A supervisor decided on a lower risk level")
