"""Student roster imports: the school's real exports, bad rows, updates and the admin page."""

import csv
import io
from pathlib import Path

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from accounts.imports import StudentResource
from accounts.models import SchoolClass, Student, User
from portfolio.imports import run_import
from tests.factories import StudentFactory

DATA = Path(__file__).parent / "data"
ROSTER = DATA / "school-113" / "roster-113-utf8-bom.csv"
ROSTER_BIG5 = DATA / "school-113" / "roster-113-big5.csv"
ROSTER_SEMESTER_2 = DATA / "school-113" / "roster-113-2-utf8-bom.csv"
ROSTER_BAD = DATA / "imports" / "roster-bad.csv"


def import_students(path, **options) -> str:
    out = io.StringIO()
    call_command("import_students", str(path), stdout=out, **options)
    return out.getvalue()


def big5_rows_with_lost_characters() -> list[int]:
    """Return the spreadsheet rows whose name or guardian name came out with "?"."""
    text = ROSTER_BIG5.read_bytes().decode("cp950")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    header = rows[0]
    name, guardian = header.index("姓名"), header.index("家長姓名")
    return [
        number
        for number, row in enumerate(rows, start=1)
        if number > 1 and ("?" in row[name] or "?" in row[guardian])
    ]


@pytest.fixture
def imported_roster(db):
    import_students(ROSTER)


def test_import_students_real_roster(db):
    output = import_students(ROSTER)
    assert Student.objects.count() == 384
    assert User.objects.filter(username="1130001", student__name="彭語昱").exists()
    assert SchoolClass.objects.filter(academic_year=113).count() == 12
    assert "新增 384 筆" in output


def test_import_students_reads_roc_dates_and_labels(imported_roster):
    student = Student.objects.select_related("school_class", "user").get(student_number="1130001")
    assert student.birth_date.isoformat() == "2008-12-18"
    assert student.gender == Student.Gender.FEMALE
    assert student.status == Student.Status.ENROLLED
    assert student.school_class.code == "101"
    assert student.school_class.grade == 1
    assert student.national_id == "A243091339"
    assert not student.user.has_usable_password()


def test_import_students_big5_flags_lost_characters(db):
    with pytest.raises(CommandError):
        import_students(ROSTER_BIG5)
    report = run_import(StudentResource, ROSTER_BIG5)
    expected = big5_rows_with_lost_characters()
    assert len(expected) == 29
    assert report.bad_rows == expected
    assert {error.column for error in report.errors} == {"姓名", "家長姓名"}
    assert Student.objects.count() == 0
    assert SchoolClass.objects.count() == 0


def test_import_students_big5_only_valid(db):
    output = import_students(ROSTER_BIG5, only_valid=True)
    assert Student.objects.count() == 384 - 29
    assert not Student.objects.filter(student_number="1130008").exists()
    assert "第 9 列「姓名」欄" in output


def test_import_students_reimport_changes_nothing(imported_roster):
    users_before = User.objects.count()
    output = import_students(ROSTER)
    assert Student.objects.count() == 384
    assert User.objects.count() == users_before
    assert "新增 0 筆、更新 0 筆、未變更 384 筆" in output


def test_import_students_semester_two_updates(imported_roster):
    output = import_students(ROSTER_SEMESTER_2)
    assert "新增 2 筆、更新 9 筆" in output
    assert Student.objects.count() == 386
    moved = Student.objects.select_related("school_class").get(student_number="1120048")
    assert moved.school_class.code == "203"
    left = Student.objects.select_related("user").get(student_number="1130052")
    assert left.status == Student.Status.TRANSFERRED_OUT
    assert not left.user.is_active
    resumed = Student.objects.get(student_number="1130020")
    assert resumed.status == Student.Status.RESUMED
    assert Student.objects.get(student_number="1130001").address.endswith("4樓之1")
    newcomer = Student.objects.get(student_number="1130129")
    assert newcomer.status == Student.Status.TRANSFERRED_IN


def test_import_students_reports_every_problem(db):
    with pytest.raises(CommandError):
        import_students(ROSTER_BAD)
    report = run_import(StudentResource, ROSTER_BAD)
    found = {(error.row, error.column) for error in report.errors}
    assert (2, "身分證字號") in found
    assert (3, "學號") in found
    assert (4, "學號") in found
    assert (5, "班級") in found
    assert (6, "出生日期") in found
    assert report.bad_rows == [2, 3, 4, 5, 6]
    assert Student.objects.count() == 0


def test_import_students_error_messages_in_zh_hant(db):
    report = run_import(StudentResource, ROSTER_BAD)
    messages = {error.row: str(error) for error in report.errors}
    assert "檢查碼" in messages[2]
    assert "3、4" in messages[3]
    assert "501" in messages[5]
    assert "097/13/45" in messages[6]


def test_import_students_reports_missing_column(db):
    text = ROSTER_BAD.read_text(encoding="utf-8").replace("身分證字號", "備註")
    report = run_import(StudentResource, text.encode())
    assert len(report.errors) == 1
    assert report.errors[0].row is None
    assert "身分證字號" in report.errors[0].message


def test_import_students_rejects_id_of_another_student(db):
    StudentFactory(student_number="1109999", national_id="C123456781")
    report = run_import(StudentResource, ROSTER_BAD)
    assert (5, "身分證字號") in {(error.row, error.column) for error in report.errors}


def test_import_students_rejects_shared_id_in_file(db):
    text = ROSTER_BAD.read_text(encoding="utf-8").replace("C123456781", "A223456781")
    report = run_import(StudentResource, text.encode())
    found = {(error.row, error.column) for error in report.errors}
    assert (3, "身分證字號") in found
    assert (5, "身分證字號") in found


def test_import_students_rejects_unknown_gender_and_status(db):
    text = ROSTER_BAD.read_text(encoding="utf-8")
    text = text.replace("王小明,男", "王小明,X").replace(
        "陳小華,女,097/04/01,A223456781,113,在學", "陳小華,女,097/04/01,A223456781,113,放假"
    )
    report = run_import(StudentResource, text.encode())
    found = {(error.row, error.column) for error in report.errors}
    assert (2, "性別") in found
    assert (3, "學籍狀態") in found


def test_import_students_tolerates_xlsx_layout(db, tmp_path):
    """An .xlsx roster with reordered columns, spaces, full-width digits and blank rows."""
    rows = list(csv.reader(io.StringIO(ROSTER.read_text(encoding="utf-8-sig"))))[:4]
    header, *body = rows
    order = list(reversed(range(len(header))))
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["113學年度學生名冊"])
    sheet.append([f" {header[i]} " for i in order])
    for row in body:
        cells = [row[i] for i in order]
        cells[order.index(0)] = row[0].translate({ord(d): ord(d) + 0xFEE0 for d in "0123456789"})
        sheet.append(cells)
    sheet.append([None] * len(header))
    sheet.append([None] * len(header))
    path = tmp_path / "roster.xlsx"
    workbook.save(path)

    output = import_students(path, academic_year=113)
    assert "新增 3 筆" in output
    assert set(Student.objects.values_list("student_number", flat=True)) == {
        "1130001",
        "1130002",
        "1130003",
    }


def test_import_students_dry_run_writes_nothing(db):
    output = import_students(ROSTER, dry_run=True)
    assert "新增 384 筆" in output
    assert Student.objects.count() == 0


def test_student_admin_import_page(admin_client):
    url = reverse("admin:accounts_student_import")
    with ROSTER_BIG5.open("rb") as upload:
        response = admin_client.post(url, {"import_file": upload})
    assert response.status_code == 200
    assert response.context["report"].bad_rows == big5_rows_with_lost_characters()
    assert not response.context["can_confirm"]
    assert "?俊建" in response.content.decode()
    assert Student.objects.count() == 0

    with ROSTER.open("rb") as upload:
        response = admin_client.post(url, {"import_file": upload})
    assert response.context["can_confirm"]
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
    assert Student.objects.count() == 384


def test_student_admin_import_only_valid(admin_client):
    url = reverse("admin:accounts_student_import")
    with ROSTER_BIG5.open("rb") as upload:
        response = admin_client.post(url, {"import_file": upload, "only_valid": "on"})
    assert response.context["can_confirm"]
    form = response.context["form"]
    admin_client.post(
        url,
        {
            "stored_name": form.initial["stored_name"],
            "file_name": form.initial["file_name"],
            "only_valid": "on",
            "confirm": "1",
        },
    )
    assert Student.objects.count() == 384 - 29


def test_student_admin_masks_national_id(client, imported_roster):
    clerk = User.objects.create_user("clerk", is_staff=True)
    clerk.user_permissions.add(*_permissions("view_student"))
    client.force_login(clerk)
    student = Student.objects.get(student_number="1130001")
    listing = client.get(reverse("admin:accounts_student_changelist"), {"q": "1130001"})
    assert "A24****339" in listing.content.decode()
    assert "A243091339" not in listing.content.decode()
    detail = client.get(reverse("admin:accounts_student_change", args=[student.pk]))
    assert "A243091339" not in detail.content.decode()

    clerk.user_permissions.add(*_permissions("view_national_id"))
    clerk = User.objects.get(pk=clerk.pk)
    client.force_login(clerk)
    listing = client.get(reverse("admin:accounts_student_changelist"), {"q": "彭語昱"})
    assert "A243091339" in listing.content.decode()


def _permissions(*codenames):
    from django.contrib.auth.models import Permission

    return Permission.objects.filter(content_type__app_label="accounts", codename__in=codenames)
