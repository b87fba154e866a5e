from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from concord.common.crypto import EncryptedCharField, EncryptedDateField, EncryptedTextField
from concord.people.choices import Citizenship, Disability, Sex


class Person(models.Model):
    """A survivor, alleged perpetrator, child or household member: one row per human being across all cases.

    Identity and contact data are encrypted; the plain columns are the non-identifying ones statistics need.
    Exact search uses the blind-index columns (HMAC of the normalised value), never the ciphertext.
    """

    # Encrypted identity and contact data.
    given_name = EncryptedCharField(_("given name"), max_length=100)
    family_name = EncryptedCharField(_("family name"), max_length=100, blank=True)
    patronymic = EncryptedCharField(_("patronymic"), max_length=100, blank=True)
    birth_date = EncryptedDateField(_("date of birth"), null=True, blank=True)
    national_id = EncryptedCharField(_("national ID number"), max_length=40, blank=True)
    phone = EncryptedCharField(_("phone"), max_length=40, blank=True)
    email = EncryptedCharField(_("e-mail address"), max_length=200, blank=True)
    address = EncryptedTextField(_("address"), blank=True)
    # Safe contact: how the survivor can be reached without alerting the perpetrator.
    safe_phone = EncryptedCharField(_("safe phone number"), max_length=40, blank=True)
    safe_times = EncryptedCharField(_("safe times to call"), max_length=200, blank=True)
    leave_no_messages = models.BooleanField(_("leave no messages"), default=False)

    # Non-identifying data for statistics.
    sex = models.CharField(_("sex"), max_length=10, choices=Sex.choices, default=Sex.UNKNOWN)
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    residence_territory = models.ForeignKey(
        "territory.Territory",
        verbose_name=_("place of residence"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    disability = models.CharField(
        _("disability"), max_length=20, choices=Disability.choices, default=Disability.UNKNOWN
    )
    citizenship = models.CharField(
        _("citizenship"), max_length=20, choices=Citizenship.choices, default=Citizenship.UNKNOWN
    )

    # Blind indexes for exact matching (see concord.common.blind_index).
    name_key = models.CharField(max_length=32, db_index=True, editable=False, blank=True)
    national_id_key = models.CharField(max_length=32, editable=False, blank=True)
    phone_key = models.CharField(max_length=32, db_index=True, editable=False, blank=True)

    registered_by_agency = models.ForeignKey(
        "accounts.Agency", verbose_name=_("registered by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # A record found to be another registration of the same human being: its participations point at the kept
    # person, it keeps its own values and history, and matching no longer finds it (PersonMerge undoes it).
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged_records", editable=False
    )
    # When the nightly search for possible duplicates looked at this person (null: not yet).
    duplicates_checked_at = models.DateTimeField(null=True, blank=True, editable=False)

    history = HistoricalRecords(excluded_fields=["name_key", "national_id_key", "phone_key", "duplicates_checked_at"])

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        indexes = [
            # The nightly search for duplicates reads the few people registered since its last run.
            models.Index(
                fields=["id"], condition=Q(duplicates_checked_at__isnull=True), name="person_duplicates_unchecked"
            )
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["national_id_key"],
                condition=~models.Q(national_id_key=""),
                name="person_unique_national_id",
            )
        ]

    def __str__(self) -> str:
        # Never a name: __str__ ends up in logs, admin history and error pages.
        return f"Person #{self.pk}"

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.family_name, self.given_name, self.patronymic) if part)


class PersonMatchToken(models.Model):
    """A blind-index token of a person's names for finding possible duplicates (concord.people.keys): HMACs of
    phonetic keys with the birth year or date, so candidates are found without decrypting the table."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="match_tokens")
    token = models.CharField(max_length=20, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person", "token"], name="person_match_token_unique")]

    def __str__(self) -> str:
        return f"Match token of person #{self.person_id}"


class PersonMerge(models.Model):
    """One decision that two records are the same human being: `merged` is folded into `kept`. The participations
    that were re-pointed are listed, so that undoing the merge gives each record back exactly what it had."""

    kept = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="merges_kept")
    merged = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="merges_merged")
    participations = models.JSONField(default=list)  # ids of the Participant rows re-pointed from merged to kept
    reason = EncryptedTextField(_("why they are the same person"))
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    merged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    merged_at = models.DateTimeField(auto_now_add=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    undone_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("merge of two records")
        verbose_name_plural = _("merges of records")
        constraints = [
            # A record is folded into at most one other at a time.
            models.UniqueConstraint(fields=["merged"], condition=Q(undone_at__isnull=True), name="person_merged_once")
        ]

    def __str__(self) -> str:
        return f"Merge #{self.pk}"


class PossibleDuplicate(models.Model):
    """A pair the nightly search found may be one human being registered twice, for the supervisors of the
    agencies that registered them to decide on: merged, or dismissed as two people."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    candidate = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    band = models.CharField(max_length=10)  # "same" or "possible" (concord.people.matching.band)
    score = models.FloatField()
    found_at = models.DateTimeField(auto_now_add=True)
    dismissed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    dismissed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "candidate"], name="possible_duplicate_once"),
            models.CheckConstraint(
                condition=Q(person_id__lt=models.F("candidate_id")), name="possible_duplicate_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"Possible duplicate #{self.pk}"
