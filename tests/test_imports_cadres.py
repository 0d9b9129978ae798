"""Cadre imports: the student affairs Big5 CSV of cadre posts and subject assistants."""

import csv
from pathlib import Path

import pytest
from django.core.management import call_command

from audit.models import AuditEntry
from portfolio.imports import run_import
from records.models import CadreRecord
from records.office_imports import CadreResource
from tests.factories import StudentFactory

CADRES = Path(__file__).parent / "data" / "school-113" / "cadres-113.csv"
HEADER = "學號,學年度,學期,幹部類別,職稱,單位"


@pytest.fixture
def roster(db):
    with CADRES.open(encoding="cp950", newline="") as handle:
        numbers = sorted({row["學號"] for row in csv.DictReader(handle)})
    for number in numbers:
        StudentFactory(student_number=number, school_class=None)


def write_big5(tmp_path, lines, header=HEADER):
    path = tmp_path / "cadres.csv"
    path.write_bytes("\n".join([header, *lines]).encode("cp950"))
    return path


def test_import_cadres_real_big5_file(roster):
    report = run_import(CadreResource, CADRES)
    assert report.errors == []
    assert report.written
    assert report.new == 96
    president = CadreRecord.objects.get(student__student_number="1110006")
    assert president.category == CadreRecord.Category.SCHOOL
    assert president.post == "學生會會長"
    assert president.unit == "學生會"
    assert president.term.semester == 1
    assistants = CadreRecord.objects.filter(category=CadreRecord.Category.SUBJECT_ASSISTANT)
    assert assistants.filter(post="英文小老師", unit="102").exists()
    assert AuditEntry.objects.filter(action="portfolio.cadre.created").count() == 96


def test_import_cadres_twice_changes_nothing(roster):
    run_import(CadreResource, CADRES)
    report = run_import(CadreResource, CADRES)
    assert report.new == 0
    assert report.unchanged == 96


def test_import_cadres_optional_level_and_dates(tmp_path, db):
    StudentFactory(student_number="1130001", school_class=None)
    path = write_big5(
        tmp_path,
        ["1130001,113,1,社團幹部,社長,熱音社,社團,113/09/01,114/01/20"],
        header=f"{HEADER},幹部等級,開始日期,結束日期",
    )
    report = run_import(CadreResource, path)
    assert report.errors == []
    record = CadreRecord.objects.get()
    assert record.level == "社團"
    assert record.starts_on.isoformat() == "2024-09-01"
    assert record.ends_on.isoformat() == "2025-01-20"


def test_import_cadres_reports_every_bad_row(tmp_path, db):
    StudentFactory(student_number="1130001", school_class=None)
    path = write_big5(
        tmp_path,
        [
            "1130001,113,1,班級幹部,班長,101",
            "1130001,113,1,系級幹部,班長,101",
            "1139999,113,1,班級幹部,班長,101",
            "1130001,113,1,班級幹部,,101",
            "1130001,113,1,班級幹部,班長,101",
        ],
    )
    report = run_import(CadreResource, path)
    assert not report.written
    assert CadreRecord.objects.count() == 0
    assert report.bad_rows == [3, 4, 5, 6]
    text = "\n".join(str(error) for error in report.errors)
    assert "系級幹部" in text
    assert "1139999" in text
    assert "職稱" in text
    repeated = [error for error in report.errors if error.row == 6 and not error.column]
    assert len(repeated) == 1
    assert "2" in repeated[0].message


def test_import_cadres_rejects_end_before_start(tmp_path, db):
    StudentFactory(student_number="1130001", school_class=None)
    path = write_big5(
        tmp_path,
        ["1130001,113,1,班級幹部,班長,101,,113/12/01,113/09/01"],
        header=f"{HEADER},幹部等級,開始日期,結束日期",
    )
    report = run_import(CadreResource, path)
    assert report.bad_rows == [2]
    assert report.errors[0].column == "結束日期"


def test_import_cadres_command_writes(roster, capsys):
    call_command("import_cadres", str(CADRES))
    assert CadreRecord.objects.count() == 96
