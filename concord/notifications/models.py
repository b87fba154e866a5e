from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from concord.notifications.choices import notification_kinds


class Notification(models.Model):
    """An in-app message to one user. It points at a case by id and carries codes only, never personal data."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    # A code registered in notifications.choices.notification_kinds by the app that sends it.
    kind = models.CharField(_("kind"), max_length=40)
    case = models.ForeignKey("cases.Case", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    # Makes a reminder idempotent: the periodic tick may run any number of times (or twice at once), and a
    # recipient still gets a given reminder once. Empty for one-off events, which may repeat.
    key = models.CharField(max_length=120, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread_idx")]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "key"], condition=~Q(key=""), name="notification_key_once")
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk}"

    @property
    def kind_label(self) -> str:
        return notification_kinds.label(self.kind)
