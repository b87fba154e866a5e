from __future__ import annotations

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError


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
