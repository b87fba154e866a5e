"""Monitoring groups (DESIGN.md, "Monitoring groups"): the kinds of group a country pack describes with their
composition and effective-dated rules, the group of a territory with its member agencies and named representatives,
its meetings with attendance and the confidentiality statement, the agenda of cases with the reasons each is there,
what agencies add before the meeting, decisions and actions, and the at-risk families the group follows.

Nothing here names a person in `__str__`; every free text about a case is encrypted."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from concord.cases.models import Case
from concord.cases.scoping import CaseScopedQuerySet
from concord.common.crypto import EncryptedTextField
from concord.common.translated import TranslatedName
from concord.groups.choices import (
    ActionStatus,
    FamilyOutcome,
    MeetingKind,
    MeetingStatus,
    NotDoneReason,
    Presence,
)


class GroupKind(TranslatedName, models.Model):
    """A kind of monitoring group of the country pack (Azerbaijan's monitoring group of the local executive
    authority, Albania's multidisciplinary technical team): at which territorial level there is one, and who sits
    on it. Its numbers (cadence, quorum, windows, deadlines) and agenda rules are in its rules, each in force from a
    date."""

    country = models.ForeignKey("countries.Country", on_delete=models.CASCADE, related_name="group_kinds")
    code = models.CharField(_("code"), max_length=40)
    name_en = models.CharField(_("name in English"), max_length=200)
    names = models.JSONField(default=dict, blank=True)
    territory_level = models.PositiveSmallIntegerField(_("territorial level"))
    # {chair: agency kind, secretary: agency kind, members: [{agency_kind, required}]}
    composition = models.JSONField(default=dict)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("kind of monitoring group")
        verbose_name_plural = _("kinds of monitoring group")
        ordering = ["code"]
        constraints = [models.UniqueConstraint(fields=["country", "code"], name="group_kind_code_unique")]

    def __str__(self) -> str:
        return self.name

    def member_rows(self) -> list[dict[str, Any]]:
        return list(self.composition.get("members", []))


class GroupRules(models.Model):
    """The numbers and agenda rules of a kind of group from a date. A meeting keeps the rules in force on its day."""

    kind = models.ForeignKey(GroupKind, on_delete=models.CASCADE, related_name="rules")
    version = models.CharField(_("version"), max_length=40)
    effective_from = models.DateField(_("effective from"))
    cadence_days = models.PositiveSmallIntegerField(_("days between regular meetings"))
    # The share of the member agencies (required seats) that must be present, in percent, and whether the chair
    # (or the chair's deputy) must be.
    quorum_percent = models.PositiveSmallIntegerField(_("quorum (percent of member agencies)"))
    chair_required = models.BooleanField(_("the chair must be present"), default=True)
    # Days after the meeting during which the members still see the summaries of the cases discussed.
    summary_window_days = models.PositiveSmallIntegerField(_("days the case summaries stay open after the meeting"))
    # {amount, unit}: how long after the meeting the minutes must be out.
    minutes_deadline = models.JSONField(default=dict)
    # Days before the due date an action's owner is reminded.
    action_reminder_days = models.JSONField(default=list, blank=True)
    # [{rule: AgendaReason, …parameters}] in the order they are applied.
    agenda = models.JSONField(default=list)
    source = models.TextField(_("source"), blank=True)

    class Meta:
        verbose_name = _("rules of a kind of monitoring group")
        verbose_name_plural = _("rules of kinds of monitoring group")
        ordering = ["kind", "effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "version"], name="group_rules_version_unique"),
            models.UniqueConstraint(fields=["kind", "effective_from"], name="group_rules_one_per_day"),
        ]

    def __str__(self) -> str:
        return f"{self.kind_id} {self.version}"

    def rule(self, code: str) -> dict[str, Any] | None:
        return next((row for row in self.agenda if row.get("rule") == code), None)


class Group(models.Model):
    kind = models.ForeignKey(GroupKind, verbose_name=_("kind"), on_delete=models.PROTECT, related_name="groups")
    territory = models.ForeignKey(
        "territory.Territory", verbose_name=_("territory"), on_delete=models.PROTECT, related_name="+"
    )
    # The language of its minutes: one of the four interface languages.
    language = models.CharField(_("language of the minutes"), max_length=8)
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("chair"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    secretary = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("secretary"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("monitoring group")
        verbose_name_plural = _("monitoring groups")
        constraints = [models.UniqueConstraint(fields=["kind", "territory"], name="group_one_per_territory")]

    def __str__(self) -> str:
        return f"{self.kind} – {self.territory}"


class Member(models.Model):
    """A member agency of a group with its named representative and deputy. An agency that leaves keeps its row
    (the minutes of past meetings name it); a new row is made when it joins again."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="members")
    agency = models.ForeignKey("accounts.Agency", verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+")
    representative = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("representative"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="group_seats",
    )
    deputy = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("deputy"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="group_deputy_seats",
    )
    # An optional member under the pack's composition (Azerbaijan's rural municipalities): not counted for quorum.
    is_optional = models.BooleanField(_("optional member"), default=False)
    joined_on = models.DateField(_("joined"), default=datetime.date.today)
    left_on = models.DateField(_("left"), null=True, blank=True)

    class Meta:
        verbose_name = _("member agency")
        verbose_name_plural = _("member agencies")
        constraints = [
            models.UniqueConstraint(
                fields=["group", "agency"], condition=Q(left_on__isnull=True), name="group_member_once"
            )
        ]
        indexes = [models.Index(fields=["representative"], name="group_member_rep_idx")]

    def __str__(self) -> str:
        return f"{self.group_id}:{self.agency_id}"


class Meeting(models.Model):
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="meetings")
    kind = models.CharField(_("kind"), max_length=12, choices=MeetingKind.choices, default=MeetingKind.REGULAR)
    scheduled_at = models.DateTimeField(_("date and time"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED)
    rules = models.ForeignKey(GroupRules, on_delete=models.PROTECT, related_name="+")
    agenda_sent_at = models.DateTimeField(null=True, blank=True)
    held_at = models.DateTimeField(null=True, blank=True)
    minutes_due_on = models.DateField(_("minutes due"), null=True, blank=True)
    minutes_approved_at = models.DateTimeField(null=True, blank=True)
    minutes_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    minutes_distributed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-scheduled_at"]
        indexes = [models.Index(fields=["group", "scheduled_at"], name="meeting_group_idx")]

    def __str__(self) -> str:
        return f"{_('Meeting')} #{self.pk}"

    @property
    def is_before(self) -> bool:
        return self.status in (MeetingStatus.PLANNED, MeetingStatus.AGENDA_SENT)


class Attendance(models.Model):
    """Who came for a member agency: its representative, its deputy, or a substitute the secretary names."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")
    presence = models.CharField(_("presence"), max_length=12, choices=Presence.choices)
    attendee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("attended by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # A substitute who has no account: named for the minutes.
    substitute_name = models.CharField(_("substitute"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [models.UniqueConstraint(fields=["meeting", "member"], name="attendance_once_per_member")]

    def __str__(self) -> str:
        return f"{self.meeting_id}:{self.member_id}"


class Acceptance(models.Model):
    """An attendee's acceptance of the confidentiality statement of a meeting: until then no case detail shows."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="acceptances")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    accepted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["meeting", "user"], name="acceptance_once")]

    def __str__(self) -> str:
        return f"{self.meeting_id}:{self.user_id}"


class AgendaItem(models.Model):
    """A case on a meeting's agenda and why (`reasons`: [{code, detail}]), in the secretary's order. The members
    see its summary until `summary_until`: the meeting's day and the pack's days after it."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="agenda_items")
    position = models.PositiveSmallIntegerField(default=0)
    reasons = models.JSONField(default=list)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    added_at = models.DateTimeField(default=timezone.now)
    summary_until = models.DateTimeField()
    decision = EncryptedTextField(_("decision"), blank=True)
    discussed = models.BooleanField(_("discussed"), default=False)
    family = models.ForeignKey("Family", null=True, blank=True, on_delete=models.SET_NULL, related_name="items")

    objects = CaseScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "position", "pk"]
        constraints = [models.UniqueConstraint(fields=["meeting", "case"], name="agenda_case_once")]
        indexes = [
            models.Index(fields=["case", "summary_until"], name="agenda_case_idx"),
            models.Index(fields=["summary_until"], name="agenda_summary_idx"),
        ]

    def __str__(self) -> str:
        return f"{_('Agenda item')} #{self.pk}"

    @property
    def reason_codes(self) -> list[str]:
        return [row["code"] for row in self.reasons]


class Contribution(models.Model):
    """What an agency knows of a case on the agenda, added by its representative before the meeting."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="contributions")
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    text = EncryptedTextField(_("information"))
    created_at = models.DateTimeField(default=timezone.now)

    objects = CaseScopedQuerySet.as_manager()
    case_path = "item__case"

    class Meta:
        verbose_name = _("agency information")
        verbose_name_plural = _("agency information")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{_('Information')} #{self.pk}"


class Action(models.Model):
    """What the group asked an agency to do about a case, by when. The next meeting reviews those still open and
    records why one was not done."""

    item = models.ForeignKey(AgendaItem, on_delete=models.PROTECT, related_name="actions")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="group_actions")
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="actions")
    owner = models.ForeignKey(
        "accounts.Agency", verbose_name=_("owner agency"), on_delete=models.PROTECT, related_name="group_actions"
    )
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    text = EncryptedTextField(_("action"))
    due_on = models.DateField(_("due"))
    status = models.CharField(_("status"), max_length=10, choices=ActionStatus.choices, default=ActionStatus.OPEN)
    not_done_reason = models.CharField(
        _("why it was not done"), max_length=24, choices=NotDoneReason.choices, blank=True
    )
    note = EncryptedTextField(_("note"), blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    reviewed_at = models.ForeignKey(Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    objects = CaseScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["due_on", "pk"]
        indexes = [
            models.Index(fields=["owner", "status", "due_on"], name="group_action_owner_idx"),
            models.Index(fields=["group", "status", "due_on"], name="group_action_group_idx"),
            models.Index(fields=["case", "status"], name="group_action_case_idx"),
        ]

    def __str__(self) -> str:
        return f"{_('Action')} #{self.pk}"


class Family(models.Model):
    """A household the group follows (the at-risk family register): its cases and persons, why, who is responsible,
    when it is next reviewed, and how it was closed."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="families")
    cases = models.ManyToManyField(Case, verbose_name=_("cases"), related_name="followed_families")
    persons = models.ManyToManyField("people.Person", verbose_name=_("persons"), related_name="+", blank=True)
    reason = EncryptedTextField(_("reason"))
    added_on = models.DateField(_("added"), default=datetime.date.today)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    review_on = models.DateField(_("next review"))
    responsible = models.ForeignKey(
        "accounts.Agency", verbose_name=_("responsible agency"), on_delete=models.PROTECT, related_name="+"
    )
    closed_on = models.DateField(_("closed"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=16, choices=FamilyOutcome.choices, blank=True)
    outcome_note = EncryptedTextField(_("outcome in detail"), blank=True)

    class Meta:
        verbose_name = _("at-risk family")
        verbose_name_plural = _("at-risk families")
        ordering = ["review_on", "pk"]
        indexes = [models.Index(fields=["group", "closed_on", "review_on"], name="family_review_idx")]

    def __str__(self) -> str:
        return f"{_('Family')} #{self.pk}"
