"""Writes for people: creation and updates keep the blind indexes in step with the encrypted values."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from concord.accounts.models import Agency
from concord.common.blind_index import identifier_token, name_token, phone_token
from concord.common.names import name_parts
from concord.common.transactions import service
from concord.countries.clock import country_today
from concord.people.keys import person_tokens
from concord.people.models import Person, PersonMatchToken

IDENTITY_FIELDS = (
    "given_name",
    "family_name",
    "patronymic",
    "birth_date",
    "national_id",
    "phone",
    "email",
    "address",
    "safe_phone",
    "safe_times",
    "leave_no_messages",
    "sex",
    "birth_year",
    "residence_territory",
    "disability",
    "citizenship",
)


def _name_for_index(person: Person) -> str:
    return " ".join(part for part in (person.given_name, person.family_name) if part)


def person_keys(person: Person) -> None:
    """Recompute the blind indexes from the (decrypted) values on the instance."""
    birth = person.birth_date.isoformat() if person.birth_date else ""
    person.name_key = name_token(_name_for_index(person), birth) if person.given_name else ""
    person.national_id_key = identifier_token(person.national_id) if person.national_id else ""
    person.phone_key = phone_token(person.phone) if person.phone else ""


def match_tokens(person: Person) -> set[str]:
    """The tokens the matcher finds the person by (from the decrypted values on the instance); none for a record
    merged into another, which is found as that one."""
    if person.merged_into_id:
        return set()
    parts = name_parts(person.given_name, person.family_name, person.patronymic)
    year = person.birth_date.year if person.birth_date else person.birth_year
    return person_tokens(parts, year, person.birth_date)


def store_match_tokens(person: Person) -> None:
    """Replace the person's tokens with those of her current names and dates."""
    wanted = match_tokens(person)
    PersonMatchToken.objects.filter(person=person).exclude(token__in=wanted).delete()
    have = set(PersonMatchToken.objects.filter(person=person).values_list("token", flat=True))
    PersonMatchToken.objects.bulk_create(
        [PersonMatchToken(person=person, token=token) for token in sorted(wanted - have)]
    )


def _country_today(person: Person) -> datetime.date:
    """Today in the country of the agency that registered the person (the agency object at creation, one query
    on an update)."""
    if Person.registered_by_agency.is_cached(person):
        return country_today(person.registered_by_agency.territory.country_code)
    agencies = Agency.objects.filter(pk=person.registered_by_agency_id)
    return country_today(agencies.values_list("territory__country_code", flat=True).first())


def _validate(person: Person) -> None:
    errors: dict[str, str] = {}
    today = _country_today(person)
    if person.birth_date and person.birth_date > today:
        errors["birth_date"] = _("The date of birth cannot be in the future.")
    if person.birth_date and person.birth_date < datetime.date(1900, 1, 1):
        errors["birth_date"] = _("The date of birth is too far in the past.")
    if person.birth_date:
        person.birth_year = person.birth_date.year
    if person.birth_year and not 1900 <= person.birth_year <= today.year:
        errors["birth_year"] = _("Enter a year between 1900 and this year.")
    if person.national_id_key:
        clash = Person.objects.filter(national_id_key=person.national_id_key).exclude(pk=person.pk).exists()
        if clash:
            errors["national_id"] = _("This national ID number is already registered to another person.")
    if errors:
        raise ValidationError(errors)


@service
def person_create(*, agency: Any, **values: Any) -> Person:
    person = Person(registered_by_agency=agency, **{k: v for k, v in values.items() if k in IDENTITY_FIELDS})
    person_keys(person)
    _validate(person)
    try:
        with transaction.atomic():
            person.save()
    except IntegrityError as error:  # a concurrent registration of the same ID
        raise ValidationError(
            {"national_id": _("This national ID number is already registered to another person.")}
        ) from error
    store_match_tokens(person)
    return person


@service
def person_update(*, person: Person, **values: Any) -> Person:
    for name, value in values.items():
        if name in IDENTITY_FIELDS:
            setattr(person, name, value)
    person_keys(person)
    _validate(person)
    person.save()
    store_match_tokens(person)
    return person
