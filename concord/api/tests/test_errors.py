"""Bad input to the API is a clear 4xx in JSON, never a server error."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from concord.cases.tests.factories import open_case

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/api/v1/notes/abc/"),
        ("get", "/api/v1/participants/1e3/"),
        ("get", "/api/v1/persons/-1/"),
        ("get", "/api/v1/attachments/x/download/"),
        ("post", "/api/v1/consents/abc/withdraw/"),
        ("post", "/api/v1/cases/abc/transition/"),
        ("get", "/api/v1/no-such-resource/"),
    ],
)
def test_a_non_numeric_id_is_a_json_404(method, path, cast, client_for):
    response = getattr(client_for("caseworker"), method)(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json" and "detail" in response.json()


def test_an_overlong_document_kind_is_refused(cast, client_for, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    case = open_case(cast)
    upload = SimpleUploadedFile("a.pdf", b"%PDF-1.4", content_type="application/pdf")
    response = client_for("caseworker").post(
        "/api/v1/attachments/", {"case": case.pk, "kind": "x" * 500, "file": upload}
    )
    assert response.status_code == 400 and "kind" in response.json()
    assert not case.attachments.exists()


def test_a_body_that_is_not_an_object_is_refused(cast, client_for):
    response = client_for("caseworker").post("/api/v1/consents/", "[null, null]", content_type="application/json")
    assert response.status_code == 400
