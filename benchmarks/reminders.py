"""Benchmark: send the reminders of one upload window to 3,000 students.

Run with `python -m benchmarks.reminders` against the PostgreSQL and Redis of
tests/settings.py; it creates and drops its own test database.
"""

import datetime
import sys
import time

from benchmarks._setup import bulk_students, configure, test_database

STUDENTS = 3000


def run(students: int = STUDENTS) -> dict:
    import time_machine
    from django.core import mail

    from accounts.models import SchoolClass
    from notifications.models import Notification
    from notifications.tasks import send_due_reminders
    from portfolio.roc import TAIPEI
    from records.models import ScheduleWindow, Term

    term = Term.objects.create(academic_year=113, semester=1)
    ScheduleWindow.objects.create(
        term=term,
        kind=ScheduleWindow.Kind.OUTCOME_UPLOAD,
        starts_on=datetime.date(2024, 9, 1),
        ends_on=datetime.date(2024, 10, 31),
        self_check_on=datetime.date(2024, 9, 1),
    )
    school_class = SchoolClass.objects.create(academic_year=113, code="101", grade=1)
    bulk_students(students, school_class, "b")
    moment = datetime.datetime(2024, 10, 24, 8, 0, tzinfo=TAIPEI)
    with time_machine.travel(moment, tick=False):
        started = time.perf_counter()
        first = send_due_reminders()
        first_seconds = time.perf_counter() - started
        started = time.perf_counter()
        second = send_due_reminders()
        second_seconds = time.perf_counter() - started
    assert first["sent"] == students, first
    assert second["sent"] == 0, second
    assert Notification.objects.count() == students
    return {
        "students": students,
        "first_run_seconds": round(first_seconds, 2),
        "repeat_run_seconds": round(second_seconds, 2),
        "emails": len(mail.outbox),
    }


def main() -> int:
    configure()
    with test_database():
        result = run()
    print(
        f"reminders: {result['students']} students, first run {result['first_run_seconds']} s "
        f"({result['emails']} e-mails), repeat run {result['repeat_run_seconds']} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
