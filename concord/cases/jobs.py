"""Periodic work of the case register, run by the notifications app's `tick` command."""

from __future__ import annotations

import datetime
from collections import Counter

from django.db import transaction
from django.utils import timezone

from concord.accounts.selectors import agency_supervisors
from concord.cases.choices import CaseNotification
from concord.notifications.services import notify
from concord.people.models import Person, PossibleDuplicate
from concord.people.selectors import identity_of, person_matches

# People looked at per run: a search costs some 36 ms at national scale (bench/persons.py), so a run stays well
# within the minute between ticks however many were registered since the last; the rest wait for the next.
DUPLICATE_SEARCH_BATCH = 1000


def find_possible_duplicates(now: datetime.datetime) -> int:
    """Look for possible duplicates of the people registered since the last run, keep the pairs for the
    supervisors of the agencies that registered either record, and tell those supervisors once a day that there
    are new ones (a notification with no name in it; the list is on their duplicates page and work list)."""
    new_pairs: Counter[int] = Counter()
    waiting = Person.objects.filter(duplicates_checked_at__isnull=True, merged_into__isnull=True).order_by("pk")
    for person in waiting[:DUPLICATE_SEARCH_BATCH]:
        with transaction.atomic():
            for match in person_matches(identity_of(person), excluding=person.pk):
                other = match.person
                if other.pk == person.pk or other.merged_into_id:
                    continue
                low, high = sorted((person.pk, other.pk))
                _pair, new = PossibleDuplicate.objects.get_or_create(
                    person_id=low, candidate_id=high, defaults={"band": match.band, "score": match.score}
                )
                if new:
                    new_pairs.update({person.registered_by_agency_id, other.registered_by_agency_id})
            Person.objects.filter(pk=person.pk).update(duplicates_checked_at=now)
    created = 0
    day = timezone.localdate(now).isoformat()
    for agency_id in sorted(new_pairs):
        kind = CaseNotification.DUPLICATES_FOUND
        created += len(notify(recipients=agency_supervisors(agency_id), kind=kind, key=f"{kind}:{agency_id}:{day}"))
    return created
