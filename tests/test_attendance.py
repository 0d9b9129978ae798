"""Attendance summaries: the service, the sheet import and its bad rows."""

import pytest
from django.core.management import call_command

from audit.models import AuditEntry
from portfolio.imports import run_import
from records.models import AttendanceSummary, Term
from records.office_imports import AttendanceResource
from records.services.attendance import set_attendance

LeaveType = AttendanceSummary.LeaveType
HEADER = "學號,學年度,學期,公假,事假,病假,喪假,生理假,曠課"


@pytest.fixture
def term(db):
    return Term.objects.create(academic_year=113, semester=1)


def write(tmp_path, lines, header=HEADER, name="attendance.csv"):
    path = tmp_path / name
    path.write_text("\n".join([header, *lines]), encoding="utf-8")
    return path


def periods_of(student, term):
    rows = AttendanceSummary.objects.filter(student=student, term=term)
    return {row.leave_type: row.periods for row in rows}


def test_set_attendance_creates_and_updates_with_audit(student, term, registry_clerk):
    changed = set_attendance(
        student, term, {LeaveType.SICK: 3, LeaveType.TRUANCY: 0}, user=registry_clerk.user
    )
    assert changed == 1
    assert periods_of(student, term) == {LeaveType.SICK: 3}
    set_attendance(student, term, {LeaveType.SICK: 5}, user=registry_clerk.user)
    assert periods_of(student, term) == {LeaveType.SICK: 5}
    entry = AuditEntry.objects.get(action="portfolio.attendance.updated")
    assert entry.data == {"old": {"periods": 3}, "new": {"periods": 5}}
    assert entry.actor == registry_clerk.user


def test_set_attendance_rejects_negative_periods(student, term):
    with pytest.raises(ValueError, match="病假"):
        set_attendance(student, term, {LeaveType.SICK: -1}, user=None)


def test_import_attendance_by_leave_type_names(tmp_path, student, classmate, term):
    path = write(
        tmp_path,
        [
            f"{student.student_number},113,1,2,1,4,,3,0",
            f"{classmate.student_number},113,1,,,,,,7",
        ],
    )
    report = run_import(AttendanceResource, path)
    assert report.errors == []
    assert report.written
    assert periods_of(student, term) == {
        LeaveType.OFFICIAL: 2,
        LeaveType.PERSONAL: 1,
        LeaveType.SICK: 4,
        LeaveType.MENSTRUAL: 3,
    }
    assert periods_of(classmate, term) == {LeaveType.TRUANCY: 7}


def test_import_attendance_again_updates_and_skips(tmp_path, student, term):
    run_import(AttendanceResource, write(tmp_path, [f"{student.student_number},113,1,2,,,,,"]))
    again = run_import(
        AttendanceResource,
        write(tmp_path, [f"{student.student_number},113,1,2,,,,,"], name="b.csv"),
    )
    assert again.unchanged == 1
    changed = run_import(
        AttendanceResource,
        write(tmp_path, [f"{student.student_number},113,1,5,,,,,"], name="c.csv"),
    )
    assert changed.updated == 1
    assert periods_of(student, term) == {LeaveType.OFFICIAL: 5}
    assert AuditEntry.objects.filter(action="portfolio.attendance.updated").count() == 1


def test_import_attendance_reports_every_bad_row(tmp_path, student, term):
    path = write(
        tmp_path,
        [
            f"{student.student_number},113,1,2,,,,,",
            "1139999,113,1,1,,,,,",
            f"{student.student_number},113,1,-3,,,,,",
            f"{student.student_number},113,1,x,,,,,",
            f"{student.student_number},113,1,1,,,,,",
        ],
    )
    report = run_import(AttendanceResource, path)
    assert not report.written
    assert AttendanceSummary.objects.count() == 0
    assert report.bad_rows == [3, 4, 5, 6]
    columns = {error.column for error in report.errors}
    assert "公假" in columns
    assert "學號" in columns


def test_import_attendance_needs_a_leave_column(tmp_path, student, term):
    report = run_import(
        AttendanceResource, write(tmp_path, ["1139001,113,1"], header="學號,學年度,學期")
    )
    assert not report.written
    assert report.file_errors
    assert "曠課" in str(report.errors[0])


def test_import_attendance_command(tmp_path, student, term):
    call_command(
        "import_attendance", str(write(tmp_path, [f"{student.student_number},113,1,,,1,,,"]))
    )
    assert periods_of(student, term) == {LeaveType.SICK: 1}
