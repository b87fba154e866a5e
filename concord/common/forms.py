from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape as escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from concord.common.translated import active_language, name_in, other_languages


def apply_validation_error(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: on its field when it names one the form has."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(NON_FIELD_ERRORS, error)


def form_status(form: forms.BaseForm | None) -> int:
    """400 for a submitted form with errors, so that the request's transaction is rolled back and clients can
    tell a refusal from a page; 200 otherwise."""
    return 400 if form is not None and form.is_bound and form.errors else 200


class TranslatedNamesFormMixin:
    """For a ModelForm of a model with `name_en` and `names`: one text field per interface language the deployment
    offers, placed after the English name. English is required (it is the fallback); a language left empty shows
    the English name."""

    fields: dict[str, forms.Field]
    instance: Any

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        english = self.fields["name_en"]
        english.required = True
        names = getattr(self.instance, "names", None) or {}
        extra = {}
        for code, label in other_languages():
            extra[f"name_{code}"] = forms.CharField(
                label=_("Name in %(language)s") % {"language": label},
                required=False,
                max_length=getattr(english, "max_length", None),
                initial=names.get(code, ""),
            )
        order = []
        for name in list(self.fields):
            order.append(name)
            if name == "name_en":
                order.extend(extra)
        self.fields.update(extra)
        self.fields = {name: self.fields[name] for name in order}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()  # type: ignore[misc]
        names = dict(getattr(self.instance, "names", None) or {})
        for code, _label in other_languages():
            text = (cleaned.get(f"name_{code}") or "").strip()
            if text:
                names[code] = text
            else:
                names.pop(code, None)
        self.instance.names = names
        return cleaned


SELECT_TEMPLATE = "django/forms/widgets/select.html"
SELECT_OPTION_TEMPLATE = "django/forms/widgets/select_option.html"


def _html_attrs(attrs: dict[str, Any]) -> str:
    """As django/forms/widgets/attrs.html: `name="value"`, a bare `name` for True, nothing for False."""
    return "".join(
        f" {escape(name)}" if value is True else f' {escape(name)}="{escape(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def render_select(widget: dict[str, Any]) -> str:
    """A select element as Django's templates write it, in Python: the templates include one template per option,
    which costs a tenth of a millisecond each, and a form naming every agency of a country has hundreds."""
    parts = [f'<select name="{escape(widget["name"])}"{_html_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{escape(group_name)}">')
        parts.extend(
            f'\n  <option value="{escape(option["value"])}"{_html_attrs(option["attrs"])}>'
            f"{escape(option['label'])}</option>"
            for option in group_choices
        )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return mark_safe("".join(parts))  # noqa: S308 - every value is escaped above


class ConcordFormRenderer(DjangoTemplates):
    """Django's template renderer, with select elements written in Python (render_select)."""

    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        widget = context.get("widget")
        if (
            template_name == SELECT_TEMPLATE
            and widget is not None
            and all(
                option["template_name"] == SELECT_OPTION_TEMPLATE
                for _, group, _ in widget["optgroups"]
                for option in group
            )
        ):
            return render_select(widget)
        return super().render(template_name, context, request)


class NamedChoiceIterator(forms.models.ModelChoiceIterator):
    """The choices of reference data with translated names (agencies, territories, kinds) read as rows of id and
    names: no model instance per option, for forms that offer every agency of a country."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        language = active_language()
        for pk, name_en, names in self.queryset.values_list("pk", "name_en", "names"):
            yield (pk, name_in(name_en, names, language))


class NamedChoiceField(forms.ModelChoiceField):
    iterator = NamedChoiceIterator


class NamedMultipleChoiceField(forms.ModelMultipleChoiceField):
    iterator = NamedChoiceIterator
