"""Attendance summaries: periods of absence per student, term and national leave type."""

from collections.abc import Mapping

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import Student
from audit.models import AuditEntry
from records.models import AttendanceSummary, Term
from records.services.record_audit import build_entry

LeaveType = AttendanceSummary.LeaveType

# The leave type codes in the order sheets and pages list them.
LEAVE_TYPES = list(LeaveType.values)
NAME_OF_LEAVE_TYPE = {code: name for name, code in AttendanceSummary.LEAVE_TYPE_BY_NAME.items()}
# Periods of one leave type in one term; a term has fewer than 1000 periods.
MAX_PERIODS = 999


def leave_type_name(code: str) -> str:
    """Return the zh-TW name a sheet uses for a leave type code, such as 病假 for 03."""
    return NAME_OF_LEAVE_TYPE[code]


def check_periods(value: int, name: str) -> None:
    """Raise ValueError when a number of periods is out of range."""
    if not 0 <= value <= MAX_PERIODS:
        raise ValueError(
            _("%(name)s: %(value)s periods is out of range; enter 0 to %(max)s.")
            % {"name": name, "value": value, "max": MAX_PERIODS}
        )


def attendance_of(student: Student, term: Term) -> dict[str, AttendanceSummary]:
    """Return the student's stored summaries of the term, keyed by leave type code."""
    rows = AttendanceSummary.objects.filter(student=student, term=term)
    return {row.leave_type: row for row in rows}


def set_attendance(
    student: Student, term: Term, periods: Mapping[str, int], *, user, acting=None
) -> int:
    """Store the periods of each leave type given for one student and term.

    Leave types missing from `periods` stay as they are. A leave type set to 0
    that has no row yet gets none. Every changed row gets an audit entry with
    the old and new number of periods. Returns how many rows changed.
    """
    for code, value in periods.items():
        check_periods(value, leave_type_name(code))
    with transaction.atomic():
        stored = {
            row.leave_type: row
            for row in AttendanceSummary.objects.select_for_update().filter(
                student=student, term=term
            )
        }
        entries = []
        for code, value in periods.items():
            row = stored.get(code)
            if row is None and value == 0:
                continue
            if row is not None and row.periods == value:
                continue
            if row is None:
                row = AttendanceSummary.objects.create(
                    student=student, term=term, leave_type=code, periods=value
                )
                old, action = None, "portfolio.attendance.created"
            else:
                old, action = {"periods": row.periods}, "portfolio.attendance.updated"
                row.periods = value
                row.save(update_fields=["periods", "updated_at"])
            new = {"periods": value, "leave_type": code, "student": student.pk, "term": term.pk}
            if old is not None:
                new = {"periods": value}
            entries.append(
                build_entry(action, actor=user, acting=acting, target=row, old=old, new=new)
            )
        AuditEntry.objects.bulk_create(entries)
    return len(entries)
