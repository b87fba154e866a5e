from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext_lazy as _

from concord.common.translated import other_languages


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
