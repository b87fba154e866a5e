from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from concord.accounts.choices import Role
from concord.accounts.models import Agency, ApiToken, User
from concord.accounts.selectors import assignable_territories
from concord.common.forms import TranslatedNamesFormMixin

LANGUAGE_CHOICES = [("", _("Country default")), *settings.LANGUAGES]


class UserDetailsForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    phone = forms.CharField(label=_("Work phone"), max_length=40, required=False)
    language = forms.ChoiceField(label=_("Interface language"), choices=LANGUAGE_CHOICES, required=False)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    jurisdiction: forms.ModelMultipleChoiceField = forms.ModelMultipleChoiceField(
        label=_("Jurisdiction"),
        queryset=None,
        required=False,
        help_text=_("Leave empty to use the agency's own territory."),
    )

    def __init__(self, *args, agency: Agency, may_grant_system_admin: bool, **kwargs):
        super().__init__(*args, **kwargs)
        jurisdiction = self.fields["jurisdiction"]
        role = self.fields["role"]
        assert isinstance(jurisdiction, forms.ModelMultipleChoiceField) and isinstance(role, forms.ChoiceField)
        jurisdiction.queryset = assignable_territories(agency)
        if not may_grant_system_admin:
            role.choices = [c for c in Role.choices if c[0] != Role.SYSTEM_ADMIN]


class UserCreateForm(UserDetailsForm):
    email = forms.EmailField(label=_("E-mail address"))
    password1 = forms.CharField(
        label=_("Initial password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("The user must change it at the first login."),
    )
    password2 = forms.CharField(
        label=_("Initial password (again)"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    field_order = [
        "email",
        "full_name",
        "phone",
        "language",
        "role",
        "jurisdiction",
        "password1",
        "password2",
    ]

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email=email).exists():
            raise forms.ValidationError(_("A user with this e-mail address already exists."))
        return email

    def clean(self) -> dict:
        cleaned = super().clean() or {}
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords do not match."))
        elif first:
            try:
                password_validation.validate_password(
                    first, User(email=cleaned.get("email", ""), full_name=cleaned.get("full_name", ""))
                )
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class PasswordResetByAdminForm(forms.Form):
    password1 = forms.CharField(
        label=_("New initial password"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    password2 = forms.CharField(
        label=_("New initial password (again)"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, user: User, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean(self) -> dict:
        cleaned = super().clean() or {}
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords do not match."))
        elif first:
            try:
                password_validation.validate_password(first, self.user)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class AgencyForm(TranslatedNamesFormMixin, forms.ModelForm):
    class Meta:
        model = Agency
        fields = [
            "code",
            "kind",
            "territory",
            "name_en",
            "email",
            "phone",
            "address",
            "is_active",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        territory = self.fields["territory"]
        assert isinstance(territory, forms.ModelChoiceField)
        territory.queryset = territory.queryset.filter(is_active=True)

    def clean_code(self) -> str:
        return self.cleaned_data["code"].strip().upper()

    def clean(self) -> dict:
        cleaned = super().clean() or {}
        kind, territory = cleaned.get("kind"), cleaned.get("territory")
        if kind and territory and kind.country_code != territory.country_code:
            self.add_error("kind", _("This kind of agency belongs to another country."))
        return cleaned


class LanguageForm(forms.Form):
    language = forms.ChoiceField(choices=settings.LANGUAGES)
    next = forms.CharField(required=False)

    def __init__(self, *args, languages: list[tuple[str, str]] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        language = self.fields["language"]
        assert isinstance(language, forms.ChoiceField)
        language.choices = languages or settings.LANGUAGES


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=100, help_text=_("Which system uses it, e.g. the police register.")
    )
    scope = forms.ChoiceField(label=_("Scope"), choices=ApiToken.Scope.choices)
