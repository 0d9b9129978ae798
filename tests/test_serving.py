"""protected_file_response: headers and body in each FILE_SERVING mode."""

from urllib.parse import unquote

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.db.models import FileField
from django.db.models.fields.files import FieldFile
from django.test import RequestFactory

from records.serving import ascii_fallback_name, content_disposition, protected_file_response
from tests.uploads_samples import UPLOADS

CHINESE_NAME = "期末報告 (最終版)＃1.pdf"


@pytest.fixture
def stored_pdf(tmp_path):
    """report.pdf saved under a random-looking name in a private FileSystemStorage."""
    storage = FileSystemStorage(location=tmp_path, base_url=None)
    data = (UPLOADS / CHINESE_NAME).read_bytes()
    name = storage.save("outcomes/3f2a9c0d4b.pdf", ContentFile(data))
    return FieldFile(None, FileField(storage=storage), name), data


def body_of(response) -> bytes:
    content = b"".join(response.streaming_content)
    response.close()
    return content


def test_django_mode_streams_file_inline(settings, stored_pdf):
    settings.FILE_SERVING = "django"
    storage_file, data = stored_pdf

    response = protected_file_response(storage_file, CHINESE_NAME, "application/pdf", inline=True)

    assert response.status_code == 200
    assert body_of(response) == data
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('inline; filename="1.pdf"; ')
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "private" in response["Cache-Control"]
    assert "X-Accel-Redirect" not in response


def test_django_mode_sends_attachment(settings, stored_pdf):
    settings.FILE_SERVING = "django"
    storage_file, _data = stored_pdf

    response = protected_file_response(storage_file, "report.pdf", "application/pdf", inline=False)
    response.close()

    assert response["Content-Disposition"] == (
        "attachment; filename=\"report.pdf\"; filename*=UTF-8''report.pdf"
    )


def test_chinese_name_round_trips_in_filename_star():
    header = content_disposition(CHINESE_NAME, inline=False)

    encoded = header.split("filename*=UTF-8''", 1)[1]
    assert unquote(encoded, encoding="utf-8") == CHINESE_NAME
    assert all(ord(char) < 128 for char in header)
    assert " " not in encoded


def test_ascii_fallback_for_full_width_name():
    assert ascii_fallback_name("ＲＥＰＯＲＴ２.pdf") == "REPORT2.pdf"
    assert ascii_fallback_name("學習單.png") == "download.png"
    assert ascii_fallback_name('a"b\\c.pdf') == "a_b_c.pdf"


def test_django_mode_answers_range_request(settings, stored_pdf):
    settings.FILE_SERVING = "django"
    storage_file, data = stored_pdf
    request = RequestFactory().get("/files/1", headers={"Range": "bytes=100-199"})

    response = protected_file_response(
        storage_file, "clip.pdf", "application/pdf", inline=True, request=request
    )

    assert response.status_code == 206
    assert body_of(response) == data[100:200]
    assert response["Content-Range"] == f"bytes 100-199/{len(data)}"
    assert response["Content-Length"] == "100"
    assert response["Accept-Ranges"] == "bytes"


def test_django_mode_answers_suffix_range(settings, stored_pdf):
    settings.FILE_SERVING = "django"
    storage_file, data = stored_pdf
    request = RequestFactory().get("/files/1", headers={"Range": "bytes=-10"})

    response = protected_file_response(
        storage_file, "clip.pdf", "application/pdf", inline=True, request=request
    )

    assert response.status_code == 206
    assert body_of(response) == data[-10:]


def test_django_mode_rejects_unsatisfiable_range(settings, stored_pdf):
    settings.FILE_SERVING = "django"
    storage_file, data = stored_pdf
    request = RequestFactory().get("/files/1", headers={"Range": f"bytes={len(data) + 5}-"})

    response = protected_file_response(
        storage_file, "clip.pdf", "application/pdf", inline=True, request=request
    )

    assert response.status_code == 416
    assert response["Content-Range"] == f"bytes */{len(data)}"


def test_x_accel_redirect_mode_names_internal_path(settings, stored_pdf):
    settings.FILE_SERVING = "x-accel-redirect"
    settings.FILE_SERVING_INTERNAL_PREFIX = "/protected/"
    storage_file, _data = stored_pdf

    response = protected_file_response(storage_file, CHINESE_NAME, "application/pdf", inline=True)

    assert response.content == b""
    assert response["X-Accel-Redirect"] == "/protected/outcomes/3f2a9c0d4b.pdf"
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('inline; filename="1.pdf"; ')
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "private" in response["Cache-Control"]


def test_x_sendfile_mode_names_absolute_path(settings, stored_pdf, tmp_path):
    settings.FILE_SERVING = "x-sendfile"
    storage_file, _data = stored_pdf

    response = protected_file_response(storage_file, "成果.mp4", "video/mp4", inline=False)

    assert response.content == b""
    assert response["X-Sendfile"] == str(tmp_path / "outcomes" / "3f2a9c0d4b.pdf")
    assert response["Content-Type"] == "video/mp4"
    assert response["Content-Disposition"] == (
        "attachment; filename=\"download.mp4\"; filename*=UTF-8''%E6%88%90%E6%9E%9C.mp4"
    )
    assert response["X-Content-Type-Options"] == "nosniff"


def test_unknown_serving_mode_raises(settings, stored_pdf):
    settings.FILE_SERVING = "public-url"
    storage_file, _data = stored_pdf

    with pytest.raises(ImproperlyConfigured, match="FILE_SERVING"):
        protected_file_response(storage_file, "a.pdf", "application/pdf", inline=True)
