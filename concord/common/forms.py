from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape as escape
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from concord.common.translated import named_rows, other_languages


def apply_validation_error(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: on its field when it names one the form has."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(NON_FIELD_ERRORS, error)


def show_refusal(request: Any, form: forms.Form, error: ValidationError) -> None:
    """A service's refusal on a page of several forms: one about a field goes on the form; one about the object
    itself (its state) above the page, as a message."""
    from django.contrib import messages

    if hasattr(error, "error_dict"):
        apply_validation_error(form, error)
    else:
        for message in error.messages:
            messages.error(request, message)


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
    names: no model instance per option. A field that `offer`s a few of its choices lists only those, then an
    empty group for the ones found by search."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        offered = getattr(self.field, "offered", None)
        rows = self.queryset if offered is None else offered
        choices = named_rows(rows)
        if offered is None:
            yield from choices
        else:
            yield (_("Nearby"), choices)
            yield (_("Found by search"), [])


class NamedChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField over named reference data (NamedChoiceIterator)."""

    iterator = NamedChoiceIterator
    offered: Any = None

    def offer(self, nearby: Nearby, *, chosen: Any) -> None:
        """List only the nearby choices (and the one already made) on the page, the others being found by search
        as the user types: a form naming one of a country's thousand agencies need not send them all. Any choice
        of the queryset is still accepted, and checked there."""
        queryset: Any = self.queryset
        chosen_rows = queryset.filter(pk=chosen) if str(chosen or "").isdigit() else queryset.none()
        self.offered = nearby.choices | chosen_rows
        self.widget = SearchableSelect(attrs=self.widget.attrs, nearby=nearby)
        self.widget.choices = self.choices


@dataclass(frozen=True)
class Nearby:
    """What a NamedChoiceField offers on the page (`choices`), where it searches for the others (`search_url`),
    and the page that lists them all for a browser without JavaScript (`all_url`)."""

    choices: Any
    search_url: str
    all_url: str


def offer_nearby(form: forms.BaseForm, name: str, nearby: Nearby | None) -> None:
    """Have the form's NamedChoiceField `name` offer the nearby choices (NamedChoiceField.offer); all of them when
    `nearby` is None."""
    if nearby is not None:
        field = form.fields[name]
        assert isinstance(field, NamedChoiceField)
        field.offer(nearby, chosen=form[name].value())


class SearchableSelect(forms.Select):
    """A select of the nearby choices, with a search box beneath it that fills the select's last group with the
    choices found (htmx). Without JavaScript the box does nothing and a link offers the full list instead."""

    def __init__(self, attrs: dict[str, Any] | None = None, *, nearby: Nearby) -> None:
        super().__init__(attrs)
        self.nearby = nearby

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None) -> Any:
        select = super().render(name, value, attrs, renderer)
        select_id = (attrs or {}).get("id") or self.attrs.get("id") or f"id_{name}"
        # The search box is outside the surrounding form (form=""): its words are not part of what the form sends.
        search = format_html(
            '<input type="search" name="q" form="" class="form-control form-control-sm mt-1" autocomplete="off"'
            ' placeholder="{}" aria-label="{}" aria-controls="{}" aria-describedby="{}-found" hx-get="{}"'
            ' hx-vals=\'{{"select": "{}"}}\''
            ' hx-trigger="input changed delay:300ms, search" hx-target="#{} > optgroup:last-of-type"'
            ' hx-swap="innerHTML" hx-sync="this:replace">'
            # What the search found, said where a screen reader hears it (the endpoint fills it, out of band).
            '<div class="form-text" id="{}-found" aria-live="polite"></div>'
            '<noscript><a class="small" href="{}">{}</a></noscript>',
            _("Type to find another agency"),
            _("Find another agency by name"),
            select_id,
            select_id,
            self.nearby.search_url,
            select_id,
            select_id,
            select_id,
            self.nearby.all_url,
            _("Show every agency"),
        )
        return select + search


class NamedMultipleChoiceField(forms.ModelMultipleChoiceField):
    iterator = NamedChoiceIterator
