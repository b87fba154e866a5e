import pytest
from django.urls import reverse

from concord.cases import views
from concord.cases.tests.factories import open_case
from concord.common.paginator import BoundedPaginator
from concord.territory.models import Territory

pytestmark = pytest.mark.django_db


def test_it_counts_no_further_than_its_limit(django_assert_num_queries):
    for number in range(7):
        Territory.objects.create(code=f"QQ-{number}", level=0, name_en=f"Q{number}")
    territories = Territory.objects.filter(code__startswith="QQ-").order_by("code")
    bounded = BoundedPaginator(territories, 2, limit=5)
    with django_assert_num_queries(1):
        assert (bounded.count, bounded.bounded, bounded.num_pages) == (5, True, 3)
    assert [t.code for t in bounded.page(3)] == ["QQ-4"]
    exact = BoundedPaginator(territories, 2, limit=7)
    assert (exact.count, exact.bounded, exact.num_pages) == (7, False, 4)


def test_the_case_list_says_more_than_when_it_stops_counting(cast, client_for, monkeypatch):
    for _ in range(5):
        open_case(cast)
    monkeypatch.setattr(views, "LIST_COUNT_LIMIT", 3)
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    page = client_for("caseworker").get(reverse("cases:case_list"))
    assert "Page 1 of more than 2" in page.content.decode()
    monkeypatch.setattr(views, "LIST_COUNT_LIMIT", 10)
    page = client_for("caseworker").get(reverse("cases:case_list"))
    assert "Page 1 of 3" in page.content.decode()
