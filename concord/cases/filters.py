"""One FilterSet for the case list page and /api/v1/cases/."""

from __future__ import annotations

import django_filters
from django.forms.models import ModelChoiceIterator
from django.utils.translation import gettext_lazy as _

from concord.accounts.models import User
from concord.cases.choices import CaseStatus, RiskLevel
from concord.cases.models import Case
from concord.cases.selectors import (
    DUE_OR_OVERDUE,
    DUE_TODAY,
    OVERDUE,
    case_filter_territories,
    reassessment_cases_today,
)
from concord.common.forms import NamedChoiceIterator
from concord.territory.models import Territory

NOT_ASSESSED = "none_yet"


class StaffChoiceIterator(ModelChoiceIterator):
    """Members of staff as (id, name) rows: no user instance per option."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for pk, full_name, email in self.queryset.values_list("pk", "full_name", "email"):
            yield (pk, full_name or email)


class CaseFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=CaseStatus.choices, empty_label=_("Any status"))
    territory = django_filters.ModelChoiceFilter(
        label=_("Territory"),
        queryset=Territory.objects.filter(level__gte=2, is_active=True),
        method="filter_territory",
        empty_label=_("Any territory"),
    )
    lead_worker = django_filters.ModelChoiceFilter(
        label=_("Lead worker"), queryset=User.objects.none(), empty_label=_("Anyone")
    )
    risk_level = django_filters.ChoiceFilter(
        label=_("Risk level"),
        choices=[*RiskLevel.choices, (NOT_ASSESSED, _("Not assessed or incomplete"))],
        method="filter_risk_level",
        empty_label=_("Any risk level"),
    )
    reassessment = django_filters.ChoiceFilter(
        label=_("Risk reassessment"),
        choices=[(OVERDUE, _("Overdue")), (DUE_TODAY, _("Due today")), (DUE_OR_OVERDUE, _("Due or overdue"))],
        method="filter_reassessment",
        empty_label=_("Any"),
    )
    # Dates of the reader's time zone (CountryTimeZoneMiddleware), the one the list shows the opening dates in.
    opened_from = django_filters.DateFilter(label=_("Opened from"), field_name="opened_at", lookup_expr="date__gte")
    opened_to = django_filters.DateFilter(label=_("Opened until"), field_name="opened_at", lookup_expr="date__lte")

    class Meta:
        model = Case
        fields = ["status", "risk_level", "reassessment", "territory", "lead_worker", "opened_from", "opened_to"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.request_user = user
        if user is not None and user.agency is not None:
            # Set before the form is built, which reads them. Lead workers to choose from: the reader's agency,
            # the ones who lead most of the cases they see.
            self.filters["lead_worker"].queryset = User.objects.filter(
                memberships__agency=user.agency, memberships__is_active=True
            ).order_by("full_name")
            self.filters["territory"].queryset = case_filter_territories(user)
        for name, field in self.form.fields.items():
            field.widget.attrs["class"] = (
                "form-select"
                if name in {"status", "risk_level", "reassessment", "territory", "lead_worker"}
                else ("form-control")
            )
            if name.startswith("opened_"):
                field.widget.input_type = "date"
        # Options as rows, not model instances: an agency may have a hundred staff.
        self.form.fields["lead_worker"].iterator = StaffChoiceIterator
        self.form.fields["territory"].iterator = NamedChoiceIterator

    def filter_risk_level(self, queryset, name, value):
        if value == NOT_ASSESSED:
            return queryset.filter(risk_level__isnull=True)
        return queryset.filter(risk_level=int(value))

    def filter_reassessment(self, queryset, name, value):
        return reassessment_cases_today(queryset, value)

    def filter_territory(self, queryset, name, value):
        return queryset.filter(territory__path__startswith=value.path)
