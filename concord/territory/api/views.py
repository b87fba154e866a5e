"""None"""

from __future__ import annotations

from rest_framework import mixins, viewsets

from concord.accounts.capabilities import Capability
from concord.api.permissions import IsStaffWithMfa, capability_permission
from concord.territory.api.serializers import (
    TerritorySerializer,
)
from concord.territory.selectors import territory_list
from concord.territory.services import territory_save


class TerritoryViewSet(mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Administrative units: reference data readable by all staff, edited by system administrators."""

    serializer_class = TerritorySerializer
    filterset_fields = ["country_code", "level", "parent__code", "is_active"]

    def get_permissions(self):
        if self.action in {"update", "partial_update"}:
            return [capability_permission(Capability.MANAGE_TERRITORIES)()]
        return [IsStaffWithMfa()]

    def get_queryset(self):
        return territory_list().order_by("path")

    def perform_update(self, serializer) -> None:
        territory = serializer.instance
        for name, value in serializer.validated_data.items():
            setattr(territory, name, value)
        territory_save(
            actor=self.request.user,
            territory=territory,
            changed_fields=sorted(serializer.validated_data),
        )
