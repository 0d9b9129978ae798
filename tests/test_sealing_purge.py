"""Sealing departed students, purging after three years, deemed confirmation, ended logins."""

import datetime
import io

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.files.storage import default_storage
from django.core.management import call_command

from accounts.models import Student
from notifications.tasks import close_receipt_windows, purge_due_portfolios
from records.models import StoredFile
from submissions.models import PortfolioSeal, PurgeRecord, Receipt, ReceiptRound
from submissions.services.purge import clear_stop, purge_due, request_stop
from submissions.services.sealing import PortfolioSealed, ensure_not_sealed, is_sealed
from tests.factories import StaffFactory, StudentFactory
from tests.notification_setup import stored_file, taipei

TODAY = datetime.date(2027, 9, 1)


@pytest.fixture(autouse=True)
def no_stop_flag():
    clear_stop()
    yield
    clear_stop()


def graduate(student, on):
    with time_machine.travel(taipei(on.year, on.month, on.day, 10, 0), tick=False):
        student.status = Student.Status.GRADUATED
        student.save()
    return PortfolioSeal.objects.get(student=student)


def test_student_graduating_seals_portfolio(student):
    seal = graduate(student, datetime.date(2024, 7, 1))
    assert seal.sealed_on == datetime.date(2024, 7, 1)
    assert seal.purge_due_on == datetime.date(2027, 7, 1)
    assert seal.reason == Student.Status.GRADUATED
    assert is_sealed(student)


def test_student_saved_again_keeps_first_seal_date(student):
    graduate(student, datetime.date(2024, 7, 1))
    with time_machine.travel(taipei(2024, 8, 1, 10, 0), tick=False):
        student.name = "王大明"
        student.save()
    assert PortfolioSeal.objects.get(student=student).sealed_on == datetime.date(2024, 7, 1)


def test_student_enrolled_is_not_sealed(student):
    assert not is_sealed(student)
    ensure_not_sealed(student)


def test_ensure_not_sealed_rejects_sealed_portfolio(student):
    graduate(student, datetime.date(2024, 7, 1))
    with pytest.raises(PortfolioSealed, match="113/07/01"):
        ensure_not_sealed(student)


def test_student_resuming_is_unsealed(student):
    student.status = Student.Status.WITHDRAWN
    student.save()
    student.status = Student.Status.RESUMED
    student.save()
    assert not is_sealed(student)


def test_seal_departed_task_catches_bulk_updates(student, classmate):
    from notifications.tasks import seal_departed

    Student.objects.filter(pk=student.pk).update(status=Student.Status.TRANSFERRED_OUT)
    assert seal_departed()["sealed"] == 1
    assert is_sealed(student)
    assert not is_sealed(classmate)


@pytest.fixture
def sealed_students(school_class):
    """Two portfolios due on TODAY or earlier, one due a day later, each with two files."""
    due_days = [datetime.date(2024, 8, 31), datetime.date(2024, 9, 1), datetime.date(2024, 9, 2)]
    students = []
    for n, sealed_on in enumerate(due_days):
        student = StudentFactory(student_number=f"11392{n:02d}", school_class=school_class)
        stored_file(student, f"a{n}.pdf")
        stored_file(student, f"b{n}.pdf")
        graduate(student, sealed_on)
        students.append(student)
    return students


def file_names(student_id):
    return list(StoredFile.objects.filter(owner_id=student_id).values_list("file", flat=True))


def test_purge_due_deletes_only_due_portfolios(sealed_students):
    names = [file_names(s.pk) for s in sealed_students]
    run = purge_due(TODAY)
    assert run.purged == 2
    assert run.files_deleted == 4
    for purged in names[:2]:
        for name in purged:
            assert not default_storage.exists(name)
    for name in names[2]:
        assert default_storage.exists(name)
    remaining = Student.objects.filter(pk__in=[s.pk for s in sealed_students])
    assert list(remaining) == [sealed_students[2]]
    user_ids = [s.user_id for s in sealed_students]
    assert list(get_user_model().objects.filter(pk__in=user_ids)) == [sealed_students[2].user]


def test_purge_due_leaves_anonymous_record(sealed_students):
    purge_due(TODAY)
    records = PurgeRecord.objects.order_by("sealed_on")
    assert [r.sealed_on for r in records] == [datetime.date(2024, 8, 31), datetime.date(2024, 9, 1)]
    assert all(r.purged_on == TODAY for r in records)
    assert all(r.file_count == 2 for r in records)


def test_purge_due_skips_files_already_deleted(sealed_students):
    first = file_names(sealed_students[0].pk)
    default_storage.delete(first[0])
    run = purge_due(TODAY)
    assert run.purged == 2
    assert run.files_deleted == 3
    assert PurgeRecord.objects.count() == 2


def test_purge_due_resumes_after_stop(sealed_students):
    request_stop()
    stopped = purge_due(TODAY)
    assert stopped.purged == 0
    assert stopped.stopped == "stop flag"
    clear_stop()
    resumed = purge_due(TODAY, batch_size=1)
    assert resumed.purged == 2
    assert purge_due(TODAY).purged == 0


def test_purge_due_stops_at_time_budget(sealed_students):
    run = purge_due(TODAY, time_budget=0)
    assert run.stopped == "time budget"
    assert purge_due(TODAY).purged == 2


def test_purge_sealed_dry_run_changes_nothing(sealed_students):
    out = io.StringIO()
    with time_machine.travel(taipei(2027, 9, 1, 3, 0), tick=False):
        call_command("purge_sealed", "--dry-run", stdout=out)
    assert sealed_students[0].student_number in out.getvalue()
    assert sealed_students[2].student_number not in out.getvalue()
    assert "將刪除 2 份封存檔案" in out.getvalue()
    assert PortfolioSeal.objects.count() == 3


def test_purge_due_portfolios_task_ends_expired_logins(sealed_students):
    gone = StaffFactory(employment_end=datetime.date(2027, 6, 30))
    in_grace = StaffFactory(
        employment_end=datetime.date(2027, 6, 30), account_grace_until=datetime.date(2027, 9, 1)
    )
    grace_over = StaffFactory(
        employment_end=datetime.date(2027, 6, 30), account_grace_until=datetime.date(2027, 8, 31)
    )
    working = StaffFactory()
    with time_machine.travel(taipei(2027, 9, 1, 2, 30), tick=False):
        result = purge_due_portfolios()
    assert result["purged"] == 2
    assert result["logins_ended"] == 2
    for staff, active in [(gone, False), (in_grace, True), (grace_over, False), (working, True)]:
        staff.user.refresh_from_db()
        assert staff.user.is_active is active


@pytest.fixture
def receipt_round(student, classmate, school_class):
    other = StudentFactory(student_number="1139003", school_class=school_class)
    receipt_round = ReceiptRound.objects.create(
        academic_year=113, starts_on=datetime.date(2025, 6, 2), ends_on=datetime.date(2025, 6, 5)
    )
    Receipt.objects.create(round=receipt_round, student=student)
    Receipt.objects.create(round=receipt_round, student=classmate)
    Receipt.objects.create(round=receipt_round, student=other, status=Receipt.Status.CONFIRMED)
    return receipt_round


def test_close_receipt_windows_deems_confirmed_once(receipt_round):
    with time_machine.travel(taipei(2025, 6, 5, 23, 59, 59), tick=False):
        assert close_receipt_windows()["deemed_by_round"] == {}
    with time_machine.travel(taipei(2025, 6, 6, 0, 5), tick=False):
        assert close_receipt_windows()["deemed_by_round"] == {receipt_round.pk: 2}
    with time_machine.travel(taipei(2025, 6, 6, 1, 5), tick=False):
        assert close_receipt_windows()["deemed_by_round"] == {}
    statuses = sorted(receipt_round.receipts.values_list("status", flat=True))
    assert statuses == ["confirmed", "deemed", "deemed"]
