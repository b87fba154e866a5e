"""/api/v1/notifications/: the caller's own notifications, through the same selectors as the HTML pages."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from concord.api.permissions import IsStaffWithMfa
from concord.notifications.api.serializers import (
    NotificationSerializer,
)
from concord.notifications.models import Notification
from concord.notifications.selectors import notification_list_for
from concord.notifications.services import notification_mark_read


class NotificationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    permission_classes = [IsStaffWithMfa]
    serializer_class = NotificationSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Notification.objects.none()
        return notification_list_for(self.request.user)

    @extend_schema(request=None, responses=NotificationSerializer)
    @action(detail=True, methods=["post"])
    def read(self, request: Request, pk=None) -> Response:
        notification = self.get_object()
        notification_mark_read(user=request.user, notification=notification)
        return Response(self.get_serializer(notification).data)
