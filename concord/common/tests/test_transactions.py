"""Services' transactions: one savepoint per operation, a refusal anywhere undoes the whole operation and leaves the
caller's transaction usable, and the operation's memo does not outlive it."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from concord.common.transactions import operation_memo, service
from concord.territory.models import Territory

pytestmark = pytest.mark.django_db


@service
def add_unit(code: str, *, refuse: bool = False) -> Territory:
    unit = Territory.objects.create(code=code, level=0, country_code="tt", name_en=code)
    if refuse:
        raise ValidationError("refused")
    return unit


@service
def add_two(first: str, second: str, *, refuse_second: bool = False) -> dict:
    add_unit(first)
    add_unit(second, refuse=refuse_second)
    memo = operation_memo()
    assert memo is not None
    memo["seen"] = True
    return memo


def test_only_the_outermost_service_sets_a_savepoint():
    with CaptureQueriesContext(connection) as queries:
        add_two("T1", "T2")
    savepoints = [q for q in queries.captured_queries if q["sql"].startswith("SAVEPOINT")]
    assert len(savepoints) == 1
    assert Territory.objects.filter(code__in=["T1", "T2"]).count() == 2


def test_a_refusal_inside_undoes_the_whole_operation_and_the_caller_goes_on():
    with pytest.raises(ValidationError):
        add_two("T3", "T4", refuse_second=True)
    # The first unit was undone with the second, and the surrounding transaction still answers.
    assert not Territory.objects.filter(code__in=["T3", "T4"]).exists()
    add_unit("T5")
    assert Territory.objects.filter(code="T5").exists()


def test_the_memo_lives_only_as_long_as_the_operation():
    assert operation_memo() is None
    first = add_two("T6", "T7")
    assert operation_memo() is None
    second = add_two("T8", "T9")
    assert first is not second and first == {"seen": True}
