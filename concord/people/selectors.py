"""Reads of people. Exact matching goes through blind indexes; nothing here decrypts more rows than it returns."""

from __future__ import annotations

import datetime

from django.db.models import Q, QuerySet

from concord.common.blind_index import identifier_token, name_token, phone_token
from concord.people.models import Person


def person_exact_matches(
    *,
    given_name: str = "",
    family_name: str = "",
    birth_date: datetime.date | None = None,
    national_id: str = "",
    phone: str = "",
) -> QuerySet[Person]:
    """People whose name and date of birth, national ID or phone match exactly after normalisation.

    The caller decides what to show of them: intake shows only that a match exists and in which case numbers
    the user may see, never another agency's data.
    """
    condition = Q(pk__in=[])
    if given_name and birth_date:
        full = " ".join(part for part in (given_name, family_name) if part)
        condition |= Q(name_key=name_token(full, birth_date.isoformat()))
    if national_id:
        condition |= Q(national_id_key=identifier_token(national_id))
    if phone:
        condition |= Q(phone_key=phone_token(phone))
    return Person.objects.filter(condition)
