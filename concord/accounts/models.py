from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from concord.accounts.capabilities import Capability, role_capabilities, role_requires_mfa
from concord.accounts.choices import Role
from concord.common.crypto import EncryptedCharField
from concord.common.translated import TranslatedName, names_field


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: object) -> User:
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user


class User(AbstractBaseUser, PermissionsMixin):
    """A member of staff. Logs in with an e-mail address; what they may do comes from their memberships.

    There are no superusers in Concord: even system administrators get their powers from a role, so a bug in a
    check can never hand someone everything at once.
    """

    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200)
    phone = EncryptedCharField(_("work phone"), max_length=40, blank=True)
    language = models.CharField(_("interface language"), max_length=8, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    must_change_password = models.BooleanField(_("must change password at next login"), default=False)
    is_demo_account = models.BooleanField(_("demonstration account"), default=False, editable=False)
    is_service_account = models.BooleanField(_("service account"), default=False, editable=False)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)
    created_by = models.ForeignKey(
        "self",
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    history = HistoricalRecords(excluded_fields=["password", "last_login"])
    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["full_name", "email"]

    def __str__(self) -> str:
        # Staff names are not survivor data, but the e-mail address is enough to identify an account.
        return self.email

    @property
    def is_staff(self) -> bool:
        """Django admin's own gate; Concord's admin site checks the capability instead (see common.admin)."""
        return self.has_capability(Capability.USE_DJANGO_ADMIN)

    # ---- memberships -------------------------------------------------------------------------------------------
    def active_memberships(self) -> list[Membership]:
        cached = getattr(self, "_active_memberships", None)
        if cached is None:
            cached = list(
                self.memberships.filter(is_active=True, agency__is_active=True)
                .select_related("agency", "agency__kind", "agency__territory")
                .prefetch_related("jurisdiction")
                .order_by("pk")
            )
            self._active_memberships = cached
        return cached

    @property
    def membership(self) -> Membership | None:
        """The membership the user is acting in: the one chosen for this session, else the first."""
        chosen = getattr(self, "_chosen_membership_id", None)
        memberships = self.active_memberships()
        for membership in memberships:
            if membership.pk == chosen:
                return membership
        return memberships[0] if memberships else None

    @property
    def role(self) -> str | None:
        membership = self.membership
        return membership.role if membership else None

    @property
    def agency(self) -> Agency | None:
        membership = self.membership
        return membership.agency if membership else None

    def has_capability(self, capability: Capability) -> bool:
        if not self.is_active:
            return False
        role = self.role
        return role is not None and capability in role_capabilities(role)

    @property
    def requires_mfa(self) -> bool:
        # A service account has no password to protect: its API token is its only credential.
        if self.is_service_account:
            return False
        return any(role_requires_mfa(m.role) for m in self.active_memberships())


class AgencyKind(TranslatedName, models.Model):
    """A kind of agency in a country's response system (police, health, local executive authority, …)."""

    country_code = models.CharField(_("country"), max_length=2)
    code = models.SlugField(_("code"), max_length=60)
    name_en = models.CharField(_("name in English"), max_length=200)
    names = names_field()

    class Meta:
        verbose_name = _("agency kind")
        verbose_name_plural = _("agency kinds")
        ordering = ["country_code", "name_en"]
        constraints = [models.UniqueConstraint(fields=["country_code", "code"], name="agency_kind_unique_code")]

    def __str__(self) -> str:
        return self.name


class Agency(TranslatedName, models.Model):
    code = models.CharField(_("code"), max_length=40, unique=True)
    kind = models.ForeignKey(AgencyKind, verbose_name=_("kind"), on_delete=models.PROTECT, related_name="agencies")
    territory = models.ForeignKey(
        "territory.Territory", verbose_name=_("territory"), on_delete=models.PROTECT, related_name="agencies"
    )
    name_en = models.CharField(_("name in English"), max_length=250)
    names = names_field()
    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["name_en"]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A user's role in one agency, with the administrative units it covers (a coordinator's jurisdiction)."""

    user = models.ForeignKey(User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="memberships")
    agency = models.ForeignKey(Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    jurisdiction = models.ManyToManyField(
        "territory.Territory", verbose_name=_("jurisdiction"), blank=True, related_name="+"
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    history = HistoricalRecords(m2m_fields=[jurisdiction])

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [models.UniqueConstraint(fields=["user", "agency"], name="membership_one_per_agency")]

    def __str__(self) -> str:
        return f"{self.get_role_display()} · {self.agency.code}"

    @property
    def capabilities(self) -> frozenset[Capability]:
        return role_capabilities(self.role)


class ApiToken(models.Model):
    """A key another system uses to call /api/v1/ on behalf of an agency.

    Each token acts through its own service account (a user with a membership in the agency and no usable
    password), so every request is scoped by the same visible_to rules as a person's. Only a hash of the key is
    stored; the key is shown once, when the token is created.
    """

    class Scope(models.TextChoices):
        READ = "read", _("Read")
        READ_WRITE = "read_write", _("Read and write")
        # For scripts that fetch the published statistics: the account is an analyst's, so it reaches no case.
        STATISTICS = "statistics", _("Statistics only")

    agency = models.ForeignKey(Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100, help_text=_("Which system uses it, e.g. the police register."))
    scope = models.CharField(_("scope"), max_length=12, choices=Scope.choices, default=Scope.READ)
    service_account = models.OneToOneField(User, on_delete=models.PROTECT, related_name="api_token")
    key_prefix = models.CharField(max_length=8, db_index=True, editable=False)
    key_hash = models.CharField(max_length=64, editable=False)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.key_prefix}…"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
