"""Staff list imports: the school's staff.xlsx, bad rows and the admin page."""

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from accounts.imports import StaffResource
from accounts.models import Staff
from portfolio.imports import run_import

STAFF = Path(__file__).parent / "data" / "school-113" / "staff.xlsx"
HEADER = "教師代號,姓名,處室,職稱,電子郵件,任教科目\n"


def import_staff(path, **options) -> str:
    out = io.StringIO()
    call_command("import_staff", str(path), stdout=out, **options)
    return out.getvalue()


def test_import_staff_real_list(db):
    output = import_staff(STAFF)
    assert "新增 59 筆" in output
    assert Staff.objects.count() == 59
    principal = Staff.objects.select_related("office", "user").get(staff_code="T0001")
    assert principal.name == "黃翰彤"
    assert principal.office.name == "校長室"
    assert principal.job_title == "校長"
    assert principal.user.username == "T0001"
    assert principal.user.is_active
    assert not principal.user.has_usable_password()
    assert Staff.objects.filter(office__isnull=True).count() == 0


def test_import_staff_reimport_changes_nothing(db):
    import_staff(STAFF)
    output = import_staff(STAFF)
    assert "新增 0 筆、更新 0 筆、未變更 59 筆" in output
    assert Staff.objects.count() == 59


def test_import_staff_rejects_unknown_office(db):
    data = (HEADER + "T0001,甲老師,總務處,專任教師,,\n").encode()
    report = run_import(StaffResource, data)
    assert [(error.row, error.column) for error in report.errors] == [(2, "處室")]
    assert "教務處" in report.errors[0].message
    assert Staff.objects.count() == 0


def test_import_staff_rejects_duplicate_code(db):
    data = (HEADER + "T0001,甲老師,教務處,專任教師,,\nT0001,乙老師,學務處,專任教師,,\n").encode()
    report = run_import(StaffResource, data)
    assert report.bad_rows == [2, 3]
    assert {error.column for error in report.errors} == {"教師代號"}


def test_import_staff_command_fails_on_errors(db):
    path = Path(__file__).parent / "data" / "imports" / "staff-bad.csv"
    with pytest.raises(CommandError):
        import_staff(path)
    assert Staff.objects.count() == 0


def test_staff_admin_import_page(admin_client):
    url = reverse("admin:accounts_staff_import")
    assert admin_client.get(url).status_code == 200
    with STAFF.open("rb") as upload:
        response = admin_client.post(url, {"import_file": upload})
    assert response.context["can_confirm"]
    assert Staff.objects.count() == 0
    form = response.context["form"]
    response = admin_client.post(
        url,
        {
            "stored_name": form.initial["stored_name"],
            "file_name": form.initial["file_name"],
            "confirm": "1",
        },
    )
    assert response.status_code == 302
    assert Staff.objects.count() == 59
    listing = admin_client.get(reverse("admin:accounts_staff_changelist"))
    assert url in listing.content.decode()
