from django import template

from concord.cases.choices import timeline_kinds
from concord.cases.extension import section_label

register = template.Library()


@register.filter
def fields_for_step(form, step: str) -> list:
    return form.fields_of(step)


@register.filter
def timeline_label(kind: str) -> str:
    return timeline_kinds.label(kind)


@register.filter
def access_detail(event) -> str:
    """The part of the case an audit event concerns, in words: the section read, or the change made."""
    if event.details.get("section"):
        return section_label(event.details["section"])
    change = event.details.get("change")
    return timeline_kinds.label(change) if change else ""


WIDE_FIELDS = {
    "incident_acts",
    "consent_sharing_kinds",
    "survivor_address",
    "incident_narrative",
    "acts",
    "narrative",
    "sexual_violence_details",
    "medical_details",
    "perpetrators",
    "address",
}


@register.filter
def is_wide(field) -> bool:
    return field.name in WIDE_FIELDS or field.field.widget.input_type == "checkbox"
