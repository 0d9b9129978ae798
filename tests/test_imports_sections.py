import csv
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from portfolio.imports import run_import
from records.imports import EnrolmentResource, SectionResource
from records.models import Enrolment, Section, Term
from tests.factories import SchoolClassFactory, StaffFactory, StudentFactory

DATA = Path(__file__).parent / "data" / "school-113"
SECTIONS = DATA / "sections-113.csv"
ENROLMENTS = DATA / "enrolments-113.csv"
SECTION_HEADER = "學年度,學期,科目代碼,科目名稱,課程類別,學分,開課班級,授課教師代號\n"
ENROLMENT_HEADER = "學年度,學期,學號,科目代碼,開課班級\n"


def column_values(path, column):
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return sorted({row[column] for row in csv.DictReader(handle)})


@pytest.fixture
def school(db):
    """The teachers and classes that the section list names."""
    for code in column_values(SECTIONS, "授課教師代號"):
        StaffFactory(staff_code=code)
    for code in column_values(SECTIONS, "開課班級"):
        SchoolClassFactory(academic_year=113, code=code)


@pytest.fixture
def students(school):
    """The students that the enrolment list names."""
    for number in column_values(ENROLMENTS, "學號"):
        StudentFactory(student_number=number, school_class=None)


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_import_sections_real_file(school):
    report = run_import(SectionResource, SECTIONS)
    assert report.errors == []
    assert report.written
    assert report.new == 288
    assert Section.objects.count() == 288
    assert Term.objects.filter(academic_year=113).count() == 2
    chinese = Section.objects.get(term__semester=1, course_code="S00", school_class__code="101")
    assert chinese.name == "國語文"
    assert chinese.category == Section.Category.NATIONAL_REQUIRED
    assert chinese.credits == 4
    assert chinese.teacher.staff_code == "T0032"


def test_import_sections_dry_run_writes_nothing(school):
    report = run_import(SectionResource, SECTIONS, dry_run=True)
    assert report.errors == []
    assert report.new == 288
    assert not report.written
    assert Section.objects.count() == 0
    assert Term.objects.count() == 0


def test_import_sections_twice_unchanged(school):
    run_import(SectionResource, SECTIONS)
    again = run_import(SectionResource, SECTIONS)
    assert again.errors == []
    assert (again.new, again.updated, again.unchanged) == (0, 0, 288)
    assert Section.objects.count() == 288


def test_import_sections_updates_changed_teacher(school, tmp_path):
    run_import(SectionResource, SECTIONS)
    StaffFactory(staff_code="T0099")
    text = SECTION_HEADER + "113,1,S00,國語文,部定必修,4,101,T0099\n"
    report = run_import(SectionResource, write(tmp_path, "change.csv", text))
    assert (report.new, report.updated) == (0, 1)
    section = Section.objects.get(term__semester=1, course_code="S00", school_class__code="101")
    assert section.teacher.staff_code == "T0099"


def test_import_sections_bad_rows_all_reported(school, tmp_path):
    text = (
        SECTION_HEADER
        + "113,1,S90,國語文,部定必修,4,101,T0032\n"
        + "113,1,S91,未知,自由選修,2,101,T0404\n"
        + "113,3,S92,化學,部定必修,two,909,T0032\n"
    )
    report = run_import(SectionResource, write(tmp_path, "bad.csv", text))
    assert not report.written
    assert Section.objects.count() == 0
    found = {(error.row, error.column) for error in report.errors}
    assert (3, "課程類別") in found
    assert (3, "授課教師代號") in found
    assert (4, "學年度") in found
    assert (4, "學分") in found
    assert (4, "開課班級") in found
    assert report.bad_rows == [3, 4]
    teacher_error = next(e for e in report.errors if e.column == "授課教師代號")
    assert "T0404" in teacher_error.message
    category_error = next(e for e in report.errors if e.column == "課程類別")
    assert "自由選修" in category_error.message
    assert "多元選修" in category_error.message


def test_import_sections_only_valid_writes_good_rows(school, tmp_path):
    text = (
        SECTION_HEADER
        + "113,1,S90,國語文,部定必修,4,101,T0032\n"
        + "113,1,S91,未知,自由選修,2,101,T0404\n"
    )
    report = run_import(SectionResource, write(tmp_path, "mixed.csv", text), only_valid=True)
    assert report.written
    assert report.bad_rows == [3]
    assert list(Section.objects.values_list("course_code", flat=True)) == ["S90"]


def test_import_sections_zero_credits_allowed(school, tmp_path):
    text = SECTION_HEADER + "113,1,G01,班會,團體活動,0,101,T0032\n"
    report = run_import(SectionResource, write(tmp_path, "zero.csv", text))
    assert report.errors == []
    section = Section.objects.get()
    assert section.category == Section.Category.GROUP_ACTIVITY
    assert not section.is_credit_bearing


def test_import_sections_missing_column(school, tmp_path):
    text = (
        "學年度,學期,科目代碼,科目名稱,學分,開課班級,授課教師代號\n113,1,S00,國語文,4,101,T0032\n"
    )
    report = run_import(SectionResource, write(tmp_path, "short.csv", text))
    assert not report.written
    assert "課程類別" in report.errors[0].message


def test_import_enrolments_real_file(students):
    run_import(SectionResource, SECTIONS)
    report = run_import(EnrolmentResource, ENROLMENTS)
    assert report.errors == []
    assert report.new == 9216
    assert Enrolment.objects.count() == 9216
    assert Enrolment.objects.filter(student__student_number="1130001").count() == 24


def test_import_enrolments_twice_unchanged(students):
    run_import(SectionResource, SECTIONS)
    run_import(EnrolmentResource, ENROLMENTS)
    again = run_import(EnrolmentResource, ENROLMENTS)
    assert again.errors == []
    assert (again.new, again.unchanged) == (0, 9216)
    assert Enrolment.objects.count() == 9216


def test_import_enrolments_bad_rows(students, tmp_path):
    run_import(SectionResource, SECTIONS)
    text = (
        ENROLMENT_HEADER
        + "113,1,1130001,S00,101\n"
        + "113,1,9999999,S00,101\n"
        + "113,1,1130001,S77,101\n"
        + "113,1,1130001,S00,101\n"
    )
    report = run_import(EnrolmentResource, write(tmp_path, "enrol.csv", text))
    assert not report.written
    assert Enrolment.objects.count() == 0
    found = {(error.row, error.column) for error in report.errors}
    assert found == {(3, "學號"), (4, "科目代碼")}
    assert "9999999" in next(e.message for e in report.errors if e.row == 3)
    assert "S77" in next(e.message for e in report.errors if e.row == 4)


def test_import_sections_command_dry_run(school, capsys):
    call_command("import_sections", str(SECTIONS), "--dry-run")
    assert Section.objects.count() == 0
    assert "288" in capsys.readouterr().out


def test_import_sections_command_reports_errors(school, tmp_path, capsys):
    path = write(tmp_path, "bad.csv", SECTION_HEADER + "113,1,S91,未知,部定必修,2,101,T0404\n")
    with pytest.raises(CommandError):
        call_command("import_sections", str(path))
    assert "T0404" in capsys.readouterr().err


def test_import_enrolments_command(students, capsys):
    call_command("import_sections", str(SECTIONS))
    call_command("import_enrolments", str(ENROLMENTS))
    assert Enrolment.objects.count() == 9216
