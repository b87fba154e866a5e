from __future__ import annotations

from rest_framework import mixins, serializers, viewsets

from concord.accounts.capabilities import Capability
from concord.api.permissions import IsStaffWithMfa, capability_permission
from concord.territory.models import Territory
from concord.territory.selectors import territory_list
from concord.territory.services import territory_save


class TerritorySerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)

    class Meta:
        model = Territory
        fields = [
            "id",
            "code",
            "parent",
            "level",
            "country_code",
            "name",
            "name_en",
            "name_az",
            "name_ru",
            "name_sq",
            "is_active",
        ]
        read_only_fields = ["id", "code", "parent", "level", "country_code", "name"]


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
