"""The roster and staff list imports on the registry's and IT section's task pages."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import Staff, Student
from tests.factories import StaffFactory

DATA = Path(__file__).parent / "data" / "school-113"


def upload(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, (DATA / name).read_bytes())


@pytest.fixture
def it_head(db):
    return StaffFactory(staff_code="T9014", name="涂組長", job_title="資訊組長")


def test_roster_import_page_lists_big5_rows_and_writes_nothing(client, registry_clerk):
    client.force_login(registry_clerk.user)

    response = client.post(reverse("roster_import"), {"import_file": upload("roster-113-big5.csv")})

    assert response.status_code == 200
    page = response.content.decode()
    assert "?俊建" in page
    assert "Big5" in page
    assert not Student.objects.exists()


def test_roster_import_page_confirms_valid_rows(client, registry_clerk):
    client.force_login(registry_clerk.user)
    first = client.post(
        reverse("roster_import"),
        {"import_file": upload("roster-113-big5.csv"), "only_valid": "on"},
    )
    form = first.context["step"].form

    response = client.post(
        reverse("roster_import"),
        {
            "confirm": "1",
            "only_valid": "on",
            "stored_name": form["stored_name"].value(),
            "file_name": form["file_name"].value(),
        },
    )

    assert response.status_code == 302
    assert Student.objects.count() == 384 - 29


def test_roster_import_page_denies_outsider(client, registry_clerk, outsider):
    client.force_login(outsider.user)
    assert client.get(reverse("roster_import")).status_code == 403


def test_staff_import_page_checks_staff_list(client, it_head):
    client.force_login(it_head.user)

    response = client.post(reverse("staff_import"), {"import_file": upload("staff.xlsx")})

    assert response.status_code == 200
    assert response.context["step"].can_confirm
    assert Staff.objects.count() == 1
