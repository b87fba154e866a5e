"""Serializers of the notifications API."""

from __future__ import annotations

from rest_framework import serializers

from concord.notifications.models import Notification


class NotificationSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(read_only=True)
    case = serializers.SerializerMethodField(help_text="The case, while the caller may see it; otherwise null.")

    def get_case(self, notification: Notification) -> int | None:
        return notification.case_id if getattr(notification, "case_visible", False) else None

    class Meta:
        model = Notification
        fields = ["id", "kind", "kind_label", "case", "created_at", "read_at"]
        read_only_fields = fields
