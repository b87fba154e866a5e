"""Checks the services of several modules make on what a worker entered, with the same translated refusal."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

TEXT_MAX_CHARS = 4000
# A time a worker enters may run a little ahead of the server's clock; more is a mistake.
CLOCK_TOLERANCE = datetime.timedelta(minutes=10)


def cleaned_text(value: str, *, required: str = "", limit: int = TEXT_MAX_CHARS) -> str:
    """`value` stripped; refused with `required` when empty (if given) or when longer than `limit`."""
    value = (value or "").strip()
    if required and not value:
        raise ValidationError(required)
    if len(value) > limit:
        raise ValidationError(_("Keep it under %(count)d characters.") % {"count": limit})
    return value


def not_in_future(moment: datetime.datetime, field: str) -> None:
    if moment > timezone.now() + CLOCK_TOLERANCE:
        raise ValidationError({field: _("This time is in the future.")})
