import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import FieldError
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection
from hypothesis import given
from hypothesis import strategies as st

from concord.accounts.models import User
from concord.common import crypto
from concord.common.crypto import EncryptedCharField, EncryptedDateField, EncryptedTextField
from concord.common.storage import EncryptedFileSystemStorage
from concord.common.testing.factories import UserFactory


def _round_trip(field, value):
    stored = field.get_db_prep_save(value, connection)
    return stored, field.from_db_value(stored, None, connection)


@given(st.text())
def test_text_round_trip(value):
    stored, loaded = _round_trip(EncryptedTextField(), value)
    assert loaded == value
    if len(value) >= 8:  # shorter strings can occur in any base64 text by chance
        assert value not in stored


@given(st.text(max_size=60))
def test_char_round_trip(value):
    assert _round_trip(EncryptedCharField(max_length=60), value)[1] == value


@given(st.dates())
def test_date_round_trip(value):
    stored, loaded = _round_trip(EncryptedDateField(), value)
    assert loaded == value
    assert value.isoformat() not in stored


def test_same_value_encrypts_differently_each_time():
    field = EncryptedTextField()
    assert field.get_db_prep_save("Aysel", connection) != field.get_db_prep_save("Aysel", connection)


def test_encrypted_fields_refuse_indexes():
    with pytest.raises(Exception, match="blind index"):
        EncryptedCharField(max_length=10, unique=True)


@pytest.mark.django_db
def test_raw_sql_shows_only_ciphertext_in_table_and_history():
    user = UserFactory(phone="+994 50 123 45 67")
    with connection.cursor() as cursor:
        cursor.execute("SELECT phone FROM accounts_user WHERE id = %s", [user.pk])
        (raw,) = cursor.fetchone()
        cursor.execute("SELECT phone FROM accounts_historicaluser WHERE id = %s", [user.pk])
        history = [row[0] for row in cursor.fetchall()]
    assert "123 45 67" not in raw and raw.startswith("gAAAA")
    assert history and all("123 45 67" not in value for value in history)
    assert User.objects.get(pk=user.pk).phone == "+994 50 123 45 67"


@pytest.mark.django_db
def test_querying_an_encrypted_field_is_refused():
    with pytest.raises(FieldError):
        list(User.objects.filter(phone="+994"))
    assert User.objects.filter(phone__isnull=False).count() == 0


@pytest.mark.django_db
def test_rotate_keys_re_encrypts_under_the_newest_key(settings, tmp_path):
    old_key = settings.FIELD_ENCRYPTION_KEYS[0]
    settings.MEDIA_ROOT = str(tmp_path)
    user = UserFactory(phone="050 555 11 22")
    storage = EncryptedFileSystemStorage(location=tmp_path)
    name = storage.save("note.txt", ContentFile(b"safe address"))

    new_key = Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [new_key, old_key]
    call_command("rotate_keys", "--batch-size", "1", stdout=open("/dev/null", "w"))  # noqa: SIM115

    settings.FIELD_ENCRYPTION_KEYS = [new_key]  # the old key is gone: everything must still read
    assert User.objects.get(pk=user.pk).phone == "050 555 11 22"
    with connection.cursor() as cursor:
        cursor.execute("SELECT phone FROM accounts_user WHERE id = %s", [user.pk])
        assert crypto.is_current_token(cursor.fetchone()[0])
    from django.core.files.storage import default_storage

    assert default_storage.open(name).read() == b"safe address"


def test_encrypted_storage_keeps_no_plaintext_on_disk(tmp_path):
    storage = EncryptedFileSystemStorage(location=tmp_path)
    name = storage.save("report.txt", ContentFile("Zərərçəkmiş şəxsin ünvanı".encode()))
    on_disk = (tmp_path / name).read_bytes()
    assert "ünvanı".encode() not in on_disk
    assert storage.open(name).read().decode() == "Zərərçəkmiş şəxsin ünvanı"
    with pytest.raises(NotImplementedError):
        storage.url(name)
