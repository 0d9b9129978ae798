"""Grade imports: the registry's XLSX grade list, special grade kinds and bad rows."""

from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from audit.models import AuditEntry
from portfolio.imports import run_import
from records.models import Enrolment, Grade, Section, Term
from records.office_imports import GradeResource
from tests.factories import SchoolClassFactory, StaffFactory, StudentFactory

GRADES = Path(__file__).parent / "data" / "school-113" / "grades-113-1.xlsx"
HEADER = ["學號", "學年度", "學期", "科目代碼", "科目名稱", "學分", "成績"]


def student_numbers():
    workbook = openpyxl.load_workbook(GRADES, read_only=True)
    rows = workbook.worksheets[0].iter_rows(min_row=2, values_only=True)
    numbers = sorted({str(row[0]) for row in rows})
    workbook.close()
    return numbers


@pytest.fixture
def roster(db):
    """Every student the grade list names."""
    for number in student_numbers():
        StudentFactory(student_number=number, school_class=None)


def write_xlsx(tmp_path, rows, header=HEADER, name="grades.xlsx"):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    path = tmp_path / name
    workbook.save(path)
    return path


def test_import_grades_real_file(roster):
    report = run_import(GradeResource, GRADES)
    assert report.errors == []
    assert report.written
    assert report.new == 4608
    assert Grade.objects.count() == 4608
    english = Grade.objects.get(student__student_number="1130001", course_code="S01")
    assert english.course_name == "英語文"
    assert english.credits == 4
    assert english.score == Decimal("56")
    assert english.passed is False
    assert english.kind == Grade.Kind.SEMESTER
    chinese = Grade.objects.get(student__student_number="1130001", course_code="S00")
    assert chinese.passed is True
    assert Term.objects.filter(academic_year=113, semester=1).exists()
    assert AuditEntry.objects.filter(action="portfolio.grade.created").count() == 4608


def test_import_grades_twice_changes_nothing(roster):
    run_import(GradeResource, GRADES)
    report = run_import(GradeResource, GRADES)
    assert report.errors == []
    assert report.new == 0
    assert report.updated == 0
    assert report.unchanged == 4608
    assert AuditEntry.objects.filter(action="portfolio.grade.updated").count() == 0


def test_import_grades_pass_mark_is_sixty(tmp_path, db):
    StudentFactory(student_number="1130001", school_class=None)
    path = write_xlsx(
        tmp_path,
        [
            ["1130001", 113, 1, "S00", "國語文", 4, 60],
            ["1130001", 113, 1, "S01", "英語文", 4, 59.99],
        ],
    )
    report = run_import(GradeResource, path)
    assert report.errors == []
    assert Grade.objects.get(course_code="S00").passed is True
    assert Grade.objects.get(course_code="S01").passed is False


def test_import_grades_special_kinds_are_separate(tmp_path, db):
    StudentFactory(student_number="1130001", school_class=None)
    header = [*HEADER, "成績類別"]
    path = write_xlsx(
        tmp_path,
        [
            ["1130001", 113, 1, "S01", "英語文", 4, 45, ""],
            ["1130001", 113, 1, "S01", "英語文", 4, 60, "補考"],
            ["1130001", 113, 1, "S01", "英語文", 4, 72, "重修"],
            ["1130001", 113, 1, "S01", "英語文", 4, 80, "重讀"],
            ["1130001", 113, 1, "S01", "英語文", 4, 66, "轉學轉科"],
        ],
        header=header,
    )
    report = run_import(GradeResource, path)
    assert report.errors == []
    kinds = dict(Grade.objects.values_list("kind", "score"))
    assert kinds == {
        Grade.Kind.SEMESTER: Decimal("45.00"),
        Grade.Kind.MAKE_UP: Decimal("60.00"),
        Grade.Kind.RETAKE: Decimal("72.00"),
        Grade.Kind.REPEAT_YEAR: Decimal("80.00"),
        Grade.Kind.TRANSFER: Decimal("66.00"),
    }


def test_import_grades_reports_every_bad_row_and_writes_nothing(tmp_path, db):
    StudentFactory(student_number="1130001", school_class=None)
    header = [*HEADER, "成績類別"]
    path = write_xlsx(
        tmp_path,
        [
            ["1130001", 113, 1, "S00", "國語文", 4, 90, ""],
            ["9999999", 113, 1, "S00", "國語文", 4, 90, ""],
            ["1130001", 113, 1, "S01", "英語文", 4, 101, ""],
            ["1130001", 113, 3, "S02", "數學", 4, 70, ""],
            ["1130001", 113, 1, "S03", "物理", "二", 70, ""],
            ["1130001", 113, 1, "S04", "化學", 2, 70, "暑修"],
            ["1130001", 113, 1, "S00", "國語文", 4, 95, ""],
            ["1130001", 113, 1, "S05", "", 2, 70.123, ""],
        ],
        header=header,
    )
    report = run_import(GradeResource, path)
    assert not report.written
    assert Grade.objects.count() == 0
    assert report.bad_rows == [3, 4, 5, 6, 7, 8, 9]
    text = "\n".join(str(error) for error in report.errors)
    assert "9999999" in text
    assert "101" in text
    assert "暑修" in text
    repeated = [error for error in report.errors if error.row == 8 and not error.column]
    assert len(repeated) == 1
    assert "2" in repeated[0].message
    assert "70.123" in text


def test_import_grades_only_valid_writes_good_rows(tmp_path, db):
    StudentFactory(student_number="1130001", school_class=None)
    path = write_xlsx(
        tmp_path,
        [
            ["1130001", 113, 1, "S00", "國語文", 4, 90],
            ["1130001", 113, 1, "S01", "英語文", 4, -1],
        ],
    )
    report = run_import(GradeResource, path, only_valid=True)
    assert report.written
    assert report.bad_rows == [3]
    assert list(Grade.objects.values_list("course_code", flat=True)) == ["S00"]


def test_import_grades_update_logs_old_and_new_score(tmp_path, registry_clerk):
    StudentFactory(student_number="1130001", school_class=None)
    run_import(GradeResource, write_xlsx(tmp_path, [["1130001", 113, 1, "S00", "國語文", 4, 55]]))
    path = write_xlsx(tmp_path, [["1130001", 113, 1, "S00", "國語文", 4, 65]], name="fixed.xlsx")
    report = run_import(lambda: GradeResource(user=registry_clerk.user), path)
    assert report.updated == 1
    grade = Grade.objects.get()
    assert grade.passed is True
    entry = AuditEntry.objects.get(action="portfolio.grade.updated")
    assert entry.actor == registry_clerk.user
    assert entry.target_id == str(grade.pk)
    assert entry.data["old"] == {"score": "55.00", "passed": False}
    assert entry.data["new"] == {"score": "65.00", "passed": True}


def test_import_grades_links_enrolled_section(tmp_path, db):
    school_class = SchoolClassFactory(academic_year=113, code="101")
    student = StudentFactory(student_number="1130001", school_class=school_class)
    term = Term.objects.create(academic_year=113, semester=1)
    section = Section.objects.create(
        term=term,
        course_code="S00",
        name="國語文",
        category=Section.Category.NATIONAL_REQUIRED,
        credits=4,
        school_class=school_class,
        teacher=StaffFactory(),
    )
    Enrolment.objects.create(section=section, student=student)
    run_import(GradeResource, write_xlsx(tmp_path, [["1130001", 113, 1, "S00", "國語文", 4, 90]]))
    assert Grade.objects.get().section == section


def test_import_grades_command_dry_run(roster, capsys):
    call_command("import_grades", str(GRADES), "--dry-run")
    assert Grade.objects.count() == 0
    assert "4608" in capsys.readouterr().out


def test_import_grades_command_fails_on_bad_file(tmp_path, db):
    path = write_xlsx(tmp_path, [["1130001", 113, 1, "S00", "國語文", 4, 90]])
    with pytest.raises(CommandError):
        call_command("import_grades", str(path))
    assert Grade.objects.count() == 0
