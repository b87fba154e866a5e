import pytest
from django.core.exceptions import ImproperlyConfigured
from hypothesis import given
from hypothesis import strategies as st

from concord.common.blind_index import identifier_token, name_token, phone_token
from concord.common.names import normalise_identifier, normalise_phone, normalise_text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Məmmədov Əli", "mammadov ali"),
        ("ALİYEVA  Günel", "aliyeva gunel"),
        ("Қасымұлы Нұрлан", "qasymuly nurlan"),
        ("Şəbnəm Çələbi", "shabnam chalabi"),
        ("Hoxha, Ëngjëll", "hoxha engjell"),
        ("Иванова Мария", "ivanova mariya"),
    ],
)
def test_normalise_text(raw, expected):
    assert normalise_text(raw) == expected


def test_identifiers_and_phones_ignore_formatting():
    assert normalise_identifier("AZE 12-345") == normalise_identifier("aze12345")
    assert normalise_phone("+994 50 123 45 67") == normalise_phone("050-123-45-67")


def test_tokens_match_across_spellings_and_differ_across_fields():
    assert name_token("Məmmədov Əli", "1990-01-02") == name_token("ali MAMMADOV", "1990-01-02")
    assert name_token("Məmmədov Əli", "1990-01-02") != name_token("Məmmədov Əli", "1990-01-03")
    assert identifier_token("12345") != phone_token("12345")
    assert len(phone_token("+994501234567")) == 32


def test_blind_index_needs_its_key(settings):
    settings.BLIND_INDEX_KEY = ""
    with pytest.raises(ImproperlyConfigured):
        phone_token("123")


def test_tokens_depend_on_the_key(settings):
    first = identifier_token("AZE123")
    settings.BLIND_INDEX_KEY = "another-key"
    assert identifier_token("AZE123") != first


@given(st.text())
def test_normalisation_is_idempotent_and_ascii(value):
    once = normalise_text(value)
    assert normalise_text(once) == once
    assert once.isascii()
