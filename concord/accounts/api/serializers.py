from __future__ import annotations

from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from concord.accounts.choices import Role
from concord.accounts.models import Agency, AgencyKind, Membership, User
from concord.api.fields import NamesField
from concord.territory.models import Territory


class AgencyKindSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True, help_text=_("The name in the language of the request."))
    names = NamesField(read_only=True)

    class Meta:
        model = AgencyKind
        fields = ["id", "country_code", "code", "name", "name_en", "names"]


class AgencySerializer(serializers.ModelSerializer):
    kind = serializers.SlugRelatedField(slug_field="code", read_only=True)
    kind_id = serializers.PrimaryKeyRelatedField(source="kind", queryset=AgencyKind.objects.all(), write_only=True)
    territory = serializers.SlugRelatedField(slug_field="code", queryset=Territory.objects.filter(is_active=True))
    name = serializers.CharField(read_only=True, help_text=_("The name in the language of the request."))
    names = NamesField()

    class Meta:
        model = Agency
        fields = [
            "id",
            "code",
            "kind",
            "kind_id",
            "territory",
            "name",
            "name_en",
            "names",
            "email",
            "phone",
            "address",
            "is_active",
        ]
        read_only_fields = ["name"]
        extra_kwargs = {"name_en": {"required": True}}

    def validate(self, attrs: dict) -> dict:
        kind = attrs.get("kind", getattr(self.instance, "kind", None))
        territory = attrs.get("territory", getattr(self.instance, "territory", None))
        if kind and territory and kind.country_code != territory.country_code:
            raise serializers.ValidationError({"kind_id": _("This kind of agency belongs to another country.")})
        return attrs


class MembershipSerializer(serializers.ModelSerializer):
    agency = serializers.SlugRelatedField(slug_field="code", read_only=True)
    jurisdiction = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)

    class Meta:
        model = Membership
        fields = ["id", "agency", "role", "jurisdiction", "is_active"]


class UserSerializer(serializers.ModelSerializer):
    memberships = MembershipSerializer(many=True, read_only=True)

    class Meta:
        model = User
        fields = [
            "id",
            "email",
            "full_name",
            "phone",
            "language",
            "is_active",
            "must_change_password",
            "memberships",
        ]
        read_only_fields = fields


class UserWriteSerializer(serializers.Serializer):
    email = serializers.EmailField(required=False)
    full_name = serializers.CharField(max_length=200)
    phone = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")
    language = serializers.ChoiceField(
        choices=["", *(code for code, _name in settings.LANGUAGES)], required=False, default=""
    )
    role = serializers.ChoiceField(choices=Role.choices)
    jurisdiction = serializers.SlugRelatedField(
        slug_field="code",
        many=True,
        queryset=Territory.objects.filter(is_active=True),
        required=False,
        default=list,
    )
    password = serializers.CharField(write_only=True, required=False, style={"input_type": "password"})
    agency = serializers.SlugRelatedField(slug_field="code", queryset=Agency.objects.all(), required=False)

    def validate(self, attrs: dict) -> dict:
        creating = self.instance is None
        if creating and not attrs.get("email"):
            raise serializers.ValidationError({"email": _("This field is required.")})
        if creating and not attrs.get("password"):
            raise serializers.ValidationError({"password": _("This field is required.")})
        if attrs.get("password"):
            candidate = User(email=attrs.get("email", ""), full_name=attrs.get("full_name", ""))
            try:
                password_validation.validate_password(attrs["password"], candidate)
            except DjangoValidationError as error:
                raise serializers.ValidationError({"password": list(error.messages)}) from None
        return attrs


class MeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    email = serializers.EmailField()
    full_name = serializers.CharField()
    language = serializers.CharField()
    role = serializers.CharField(allow_null=True)
    agency = serializers.CharField(allow_null=True)
    jurisdiction = serializers.ListField(child=serializers.CharField())
    capabilities = serializers.ListField(child=serializers.CharField())
