"""Perpetrator programmes: the programme types of the country pack with their effective-dated rules, the programmes
providers run, the enrolments of a case's alleged perpetrators, and the sessions with their attendance.

An enrolment belongs to a case and is read through the case scope; the provider reads its own programme's
enrolments through `selectors.enrolments_provided`, which never opens the case. Nothing here names a person in
`__str__`; a worker's free text is encrypted."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from concord.cases.models import Case
from concord.cases.scoping import CaseScopedQuerySet
from concord.common.crypto import EncryptedCharField, EncryptedTextField
from concord.common.translated import TranslatedName
from concord.people.choices import Sex
from concord.programmes.choices import (
    OPEN,
    Audience,
    Basis,
    Channel,
    EnrolmentStatus,
    LeavingReason,
    MaterialKind,
    Presence,
)


class ProgrammeType(TranslatedName, models.Model):
    """A kind of perpetrator programme of the country pack and the agency kinds that may run it. Its numbers are in
    its versions, each in force from a date."""

    country = models.ForeignKey("countries.Country", on_delete=models.CASCADE, related_name="programme_types")
    code = models.CharField(_("code"), max_length=40)
    name_en = models.CharField(_("name in English"), max_length=200)
    names = models.JSONField(default=dict, blank=True)
    provider_kinds = models.JSONField(_("run by"), default=list)
    order = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("programme type")
        verbose_name_plural = _("programme types")
        ordering = ["order", "code"]
        constraints = [models.UniqueConstraint(fields=["country", "code"], name="programme_type_code_unique")]

    def __str__(self) -> str:
        return self.name


class ProgrammeRules(models.Model):
    """The numbers of a programme type from a date: the orders whose condition requires it, the first contact's
    deadline, the sessions a completion needs, the absences that call for the provider's decision. An enrolment
    keeps the version in force when it was required."""

    programme_type = models.ForeignKey(ProgrammeType, on_delete=models.CASCADE, related_name="versions")
    version = models.CharField(_("version"), max_length=40)
    effective_from = models.DateField(_("effective from"))
    # [{measure, condition}]: the protection orders (by type code) whose condition requires this programme.
    required_by = models.JSONField(default=list, blank=True)
    # {amount, unit}: from the requirement to the provider's first contact with the perpetrator.
    first_contact = models.JSONField(default=dict)
    sessions = models.PositiveSmallIntegerField(_("sessions to complete"))
    hours = models.PositiveSmallIntegerField(_("hours in all"))
    absences = models.PositiveSmallIntegerField(_("absences without a reason before a decision"))
    to_be_confirmed = models.BooleanField(_("to be confirmed by the national operator"), default=False)
    source = models.TextField(_("source"), blank=True)

    class Meta:
        verbose_name = _("programme rules")
        verbose_name_plural = _("programme rules")
        ordering = ["programme_type", "effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["programme_type", "version"], name="programme_rules_version_unique"),
            models.UniqueConstraint(fields=["programme_type", "effective_from"], name="programme_rules_one_per_day"),
        ]

    def __str__(self) -> str:
        return f"{self.programme_type_id} {self.version}"


class Programme(models.Model):
    """A programme a provider agency runs: its curriculum (sessions, hours) and how many it takes at once."""

    programme_type = models.ForeignKey(ProgrammeType, on_delete=models.PROTECT, related_name="programmes")
    provider = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="programmes")
    name = models.CharField(_("name"), max_length=200)
    sessions = models.PositiveSmallIntegerField(_("sessions"))
    hours = models.PositiveSmallIntegerField(_("hours in all"))
    capacity = models.PositiveSmallIntegerField(_("places"))
    curriculum = models.TextField(_("curriculum"), blank=True)
    is_active = models.BooleanField(_("taking enrolments"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("perpetrator programme")
        verbose_name_plural = _("perpetrator programmes")
        ordering = ["name", "pk"]
        indexes = [models.Index(fields=["provider", "is_active"], name="programme_provider_idx")]

    def __str__(self) -> str:
        return self.name


class Enrolment(models.Model):
    """An alleged perpetrator of a case in a programme, from the requirement to completion or leaving."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    participant = models.ForeignKey("cases.Participant", on_delete=models.PROTECT, related_name="+")
    # The case's territory when required: statistics read it without the case.
    territory = models.ForeignKey("territory.Territory", on_delete=models.PROTECT, related_name="+")
    programme_type = models.ForeignKey(ProgrammeType, on_delete=models.PROTECT, related_name="enrolments")
    rules_version = models.CharField(_("version of the rules"), max_length=40)
    programme = models.ForeignKey(Programme, null=True, blank=True, on_delete=models.PROTECT, related_name="enrolments")
    basis = models.CharField(_("basis"), max_length=20, choices=Basis.choices)
    # The protection order whose condition requires it (a protection-order basis), by id: the order is the
    # protection module's.
    order_id = models.PositiveBigIntegerField(null=True, blank=True)
    # The order type or the court decision's reference, as the requirement names it.
    imposed_by = models.CharField(_("required by"), max_length=40, blank=True)
    reference = EncryptedTextField(_("reference of the decision"), blank=True)
    required_at = models.DateTimeField(_("required from"))
    required_until = models.DateTimeField(_("required until"), null=True, blank=True)
    first_contact_due_at = models.DateTimeField(_("first contact due"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    requesting_agency = models.ForeignKey(
        "accounts.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(_("status"), max_length=20, choices=EnrolmentStatus.choices)
    status_changed_at = models.DateTimeField(default=timezone.now)
    enrolled_at = models.DateTimeField(_("enrolled"), null=True, blank=True)
    first_contact_at = models.DateTimeField(_("first contact"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    end_reason = models.CharField(_("reason"), max_length=20, choices=LeavingReason.choices, blank=True)
    end_text = EncryptedTextField(_("explanation"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = CaseScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        indexes = [
            models.Index(fields=["case", "required_at"], name="enrolment_case_idx"),
            models.Index(fields=["programme", "status"], name="enrolment_programme_idx"),
            models.Index(fields=["territory", "required_at"], name="enrolment_territory_idx"),
            models.Index(fields=["participant", "status"], name="enrolment_participant_idx"),
        ]
        constraints = [
            # One order requires one programme of a perpetrator once, whatever replays the order's event.
            models.UniqueConstraint(
                fields=["order_id", "participant", "programme_type"],
                condition=Q(order_id__isnull=False),
                name="enrolment_once_per_order",
            ),
            models.UniqueConstraint(
                fields=["participant", "programme"],
                condition=Q(status__in=list(OPEN)),
                name="enrolment_one_open_per_programme",
            ),
        ]

    def __str__(self) -> str:
        return f"{_('Enrolment')} #{self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN

    def rules(self) -> ProgrammeRules:
        return ProgrammeRules.objects.get(programme_type_id=self.programme_type_id, version=self.rules_version)


class ProgrammeSession(models.Model):
    """A session of a programme, held on a day, with the attendance of those enrolled."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="sessions_held")
    held_at = models.DateTimeField(_("held"))
    hours = models.DecimalField(_("hours"), max_digits=4, decimal_places=1)
    topic = models.CharField(_("topic"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("programme session")
        verbose_name_plural = _("programme sessions")
        ordering = ["-held_at", "-pk"]
        indexes = [models.Index(fields=["programme", "held_at"], name="programme_session_idx")]

    def __str__(self) -> str:
        return f"{_('Session')} #{self.pk}"


class Attendance(models.Model):
    session = models.ForeignKey(ProgrammeSession, on_delete=models.CASCADE, related_name="attendance")
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="attendance")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    presence = models.CharField(_("attendance"), max_length=10, choices=Presence.choices)

    objects = CaseScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [models.UniqueConstraint(fields=["session", "enrolment"], name="attendance_once")]
        indexes = [models.Index(fields=["enrolment", "presence"], name="attendance_enrolment_idx")]

    def __str__(self) -> str:
        return f"{_('Attendance')} #{self.pk}"


class TrainingPlan(models.Model):
    """An agency's plan of trainings for one audience in one year: the topics and how many people and sessions it
    aims at."""

    owner = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="training_plans")
    # The area the plan covers (the owner's, unless a wider one): coverage is counted there.
    territory = models.ForeignKey("territory.Territory", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    audience = models.CharField(_("audience"), max_length=20, choices=Audience.choices)
    title = models.CharField(_("title"), max_length=200)
    topics = models.JSONField(_("topics"), default=list)
    target_people = models.PositiveIntegerField(_("people to train"))
    target_sessions = models.PositiveSmallIntegerField(_("sessions planned"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("training plan")
        verbose_name_plural = _("training plans")
        ordering = ["-year", "audience", "title"]
        indexes = [models.Index(fields=["owner", "year"], name="training_plan_owner_idx")]

    def __str__(self) -> str:
        return f"{self.title} ({self.year})"


class TrainingSession(models.Model):
    """A training of a plan: when, by whom, where or online, on which of the plan's topics."""

    plan = models.ForeignKey(TrainingPlan, on_delete=models.PROTECT, related_name="sessions")
    starts_at = models.DateTimeField(_("date and time"))
    hours = models.DecimalField(_("hours"), max_digits=4, decimal_places=1)
    trainer = models.CharField(_("trainer"), max_length=200)
    online = models.BooleanField(_("online"), default=False)
    place = models.CharField(_("place"), max_length=200, blank=True)
    topics = models.JSONField(_("topics covered"), default=list)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["plan", "starts_at"], name="training_session_idx")]

    def __str__(self) -> str:
        return f"{_('Training')} #{self.pk}"


class Trainee(models.Model):
    """A person on a training's attendance sheet: a member of staff (a user) or someone from outside Concord, with
    the organisation and role they came for, and the scores of the tests before and after. Staff data, not a
    survivor's; the name is encrypted all the same."""

    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE, related_name="trainees")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="trainings"
    )
    name = EncryptedCharField(_("name"), max_length=200)
    agency = models.ForeignKey("accounts.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    # The agency kind counted in the reports: the agency's, or the one chosen for someone from outside.
    agency_kind = models.CharField(_("agency kind"), max_length=60, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    role = models.CharField(_("role"), max_length=200, blank=True)
    sex = models.CharField(_("sex"), max_length=10, choices=Sex.choices, default=Sex.UNKNOWN)
    attended = models.BooleanField(_("attended"), default=True)
    pre_score = models.DecimalField(_("score before"), max_digits=5, decimal_places=1, null=True, blank=True)
    post_score = models.DecimalField(_("score after"), max_digits=5, decimal_places=1, null=True, blank=True)

    class Meta:
        verbose_name = _("trainee")
        verbose_name_plural = _("trainees")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "user"], condition=Q(user__isnull=False), name="trainee_user_once_per_session"
            )
        ]
        indexes = [models.Index(fields=["user", "session"], name="trainee_user_idx")]

    def __str__(self) -> str:
        return f"{_('Trainee')} #{self.pk}"


def _material_path(instance: MaterialVersion, filename: str) -> str:
    # The stored name carries nothing of the original; the file is served through an access-checked view.
    return f"materials/{timezone.now():%Y/%m}/{uuid.uuid4().hex}"


class Material(models.Model):
    """A document of the materials library (the journalists' handbook, a training curriculum, a leaflet): open to
    every member of staff, in versions and languages."""

    owner = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="materials")
    kind = models.CharField(_("kind"), max_length=20, choices=MaterialKind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("material")
        verbose_name_plural = _("materials")
        ordering = ["title", "pk"]

    def __str__(self) -> str:
        return self.title


class MaterialVersion(models.Model):
    """One file of a material: its version, its language, and how many times it was downloaded."""

    material = models.ForeignKey(Material, on_delete=models.CASCADE, related_name="versions")
    version = models.CharField(_("version"), max_length=40)
    language = models.CharField(_("language"), max_length=8)
    file = models.FileField(_("file"), upload_to=_material_path, max_length=200)
    file_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=120)
    size = models.PositiveIntegerField()
    downloads = models.PositiveIntegerField(_("downloads"), default=0)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("version of a material")
        verbose_name_plural = _("versions of materials")
        ordering = ["-uploaded_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["material", "version", "language"], name="material_version_once")
        ]

    def __str__(self) -> str:
        return f"{self.material_id} {self.version} {self.language}"


class CampaignProgramme(models.Model):
    """An agency's programme of awareness campaigns over some years, with its objectives."""

    owner = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="campaign_programmes")
    territory = models.ForeignKey("territory.Territory", on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("title"), max_length=200)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    objectives = models.TextField(_("objectives"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("campaign programme")
        verbose_name_plural = _("campaign programmes")
        ordering = ["-starts_on", "title", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="campaign_programme_dates")
        ]

    def __str__(self) -> str:
        return self.title


class Campaign(models.Model):
    """A campaign of a programme: what it wants to change, whom it addresses, through which channels."""

    programme = models.ForeignKey(CampaignProgramme, on_delete=models.PROTECT, related_name="campaigns")
    title = models.CharField(_("title"), max_length=200)
    objectives = models.TextField(_("objectives"), blank=True)
    audiences = models.JSONField(_("audiences"), default=list)
    channels = models.JSONField(_("channels"), default=list)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("awareness campaign")
        verbose_name_plural = _("awareness campaigns")
        ordering = ["-starts_on", "pk"]

    def __str__(self) -> str:
        return self.title


class CampaignActivity(models.Model):
    """Something the campaign did on a channel, in a territory, with the people it reached and the materials used."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="activities")
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    title = models.CharField(_("activity"), max_length=200)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    territory = models.ForeignKey("territory.Territory", on_delete=models.PROTECT, related_name="+")
    reach = models.PositiveIntegerField(_("people reached"), default=0)
    materials = models.ManyToManyField(Material, blank=True, related_name="activities", verbose_name=_("materials"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("campaign activity")
        verbose_name_plural = _("campaign activities")
        ordering = ["starts_on", "pk"]
        indexes = [models.Index(fields=["territory", "starts_on"], name="campaign_activity_idx")]

    def __str__(self) -> str:
        return self.title
