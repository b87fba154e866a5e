from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from concord.cases.models import Participant
from concord.risk.choices import SECTION_LABELS, Answer, AssessmentSource, RiskLevel
from concord.risk.models import InstrumentVersion
from concord.risk.scoring import applicable_items

ITEM_PREFIX = "item_"
# The risk factors the register itself can vouch for: a perpetrator who is an alleged perpetrator in other cases has
# been violent before, whatever the survivor knows of it.
FACTORS_KNOWN_FROM_RECORDS = frozenset({"PRIOR_DV"})


def _item_choices(item: dict[str, Any]) -> list[tuple[str, Any]]:
    if item["response"] == "scale":
        return [(str(value), str(value)) for value in range(item["scale_max"] + 1)] + [
            (Answer.UNKNOWN, Answer.UNKNOWN.label),
            (Answer.DECLINED, Answer.DECLINED.label),
        ]
    return list(Answer.choices)


def _person_name(participant: Participant) -> str:
    return participant.person.full_name


class AssessmentForm(forms.Form):
    """The questions of one instrument version. Which questions apply depends on earlier answers, so the form
    works out the shown items from its data; htmx only refreshes the part that changed."""

    perpetrator = forms.ModelChoiceField(
        label=_("Alleged perpetrator assessed"), queryset=Participant.objects.none(), required=False
    )
    source = forms.ChoiceField(
        label=_("Where the answers come from"), choices=AssessmentSource.choices, widget=forms.RadioSelect
    )
    # Needed only when the result would lower the case's HIGH or EXTREME level: the service says so.
    lowering_reason = forms.CharField(
        label=_("If the level comes out lower: why is the risk lower now?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, instrument: InstrumentVersion, perpetrators, known_from_records: str = "", **kwargs):
        """`known_from_records`, when given, says what the register knows of earlier violence by the alleged
        perpetrator (his other cases): the questions on that factor start answered "yes", with the note beside
        them, and the worker may still change the answer."""
        super().__init__(*args, **kwargs)
        self.instrument = instrument
        self.items = instrument.item_texts()
        for item in self.items:
            known = known_from_records and item["risk_factor"] in FACTORS_KNOWN_FROM_RECORDS
            item["record_note"] = known_from_records if known and item["response"] == "yes_no" else ""
        field = self.fields["perpetrator"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = perpetrators
        field.label_from_instance = _person_name  # type: ignore[method-assign,assignment]
        choices = list(perpetrators[:2])
        if len(choices) == 1:
            field.initial = choices[0].pk
        for item in self.items:
            self.fields[ITEM_PREFIX + item["code"]] = forms.ChoiceField(
                label=item["text"],
                help_text=item["help"],
                choices=_item_choices(item),
                widget=forms.RadioSelect,
                required=False,
                initial=Answer.YES if item["record_note"] else None,
            )

    def raw_answers(self) -> dict[str, str]:
        """The answers as sent, before validation: enough to decide which questions are shown."""
        data = self.data if self.is_bound else {}
        return {
            item["code"]: str(data.get(ITEM_PREFIX + item["code"]))
            for item in self.items
            if data.get(ITEM_PREFIX + item["code"])
        }

    def shown_codes(self) -> set[str]:
        return {item.code for item in applicable_items(self.instrument.parsed, self.raw_answers())}

    def answers(self) -> dict[str, str]:
        return {
            code: value
            for code, value in (
                (item["code"], self.cleaned_data.get(ITEM_PREFIX + item["code"])) for item in self.items
            )
            if value
        }

    def sections(self) -> list[dict[str, Any]]:
        """Top-level items grouped by section; each carries the items that depend on it, for the htmx target."""
        shown = self.shown_codes()
        dependents: dict[str, list[dict[str, Any]]] = {}
        for item in self.items:
            if item["applies_if"]:
                dependents.setdefault(item["applies_if"]["item"], []).append(item)
        groups: list[dict[str, Any]] = []
        for item in self.items:
            if item["applies_if"]:
                continue
            if not groups or groups[-1]["code"] != item["section"]:
                groups.append({"code": item["section"], "label": SECTION_LABELS.get(item["section"], ""), "items": []})
            groups[-1]["items"].append(self.entry(item, dependents, shown))
        return groups

    def entry(self, item: dict[str, Any], dependents: dict, shown: set[str]) -> dict[str, Any]:
        return {
            "item": item,
            "field": self[ITEM_PREFIX + item["code"]],
            "controls": bool(dependents.get(item["code"])),
            "dependents": [
                self.entry(child, dependents, shown)
                for child in dependents.get(item["code"], [])
                if child["code"] in shown
            ],
        }


class OverrideForm(forms.Form):
    # Named as the service names them, so that its errors land on the right field.
    override_level = forms.TypedChoiceField(label=_("Level by professional judgement"), coerce=int, choices=())
    override_rationale = forms.CharField(
        label=_("Why the risk is higher than the answers show"), widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, computed_level: int | None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["override_level"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [
            (value, label) for value, label in RiskLevel.choices if computed_level is None or value > computed_level
        ]


class InstrumentUploadForm(forms.Form):
    file = forms.FileField(label=_("Instrument file (YAML or JSON)"))


class InstrumentStatusForm(forms.Form):
    status = forms.ChoiceField(choices=())

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["status"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices
