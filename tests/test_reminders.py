"""Reminders before schedule windows close: days, idempotency, crashes, proxies, e-mail."""

import datetime
import threading

import pytest
import time_machine
from django.core import mail
from django.db import connection

from accounts.models import Absence, TaskGroupSeat
from notifications.models import Notification, ReminderDispatch
from notifications.services.reminder_delivery import CLAIM_TIMEOUT, deliver_reminders
from notifications.services.reminders import due_windows, reminders_for_window
from notifications.tasks import send_due_reminders
from records.models import ScheduleWindow
from tests import mail_backends
from tests.factories import StudentFactory
from tests.notification_setup import taipei, window

Kind = ScheduleWindow.Kind
# The upload window of 113-1 closes on 2024-10-31 (ROC 113/10/31) at 23:59:59 Taipei time.
CLOSES = datetime.date(2024, 10, 31)


@pytest.fixture
def upload_window(db):
    return window(Kind.OUTCOME_UPLOAD, datetime.date(2024, 9, 1), CLOSES)


@pytest.fixture
def students(school_class):
    people = [
        StudentFactory(
            student_number=f"11391{n:02d}", school_class=school_class, email=f"s{n}@school.example"
        )
        for n in range(4)
    ]
    return people


def notifications_of(student):
    return Notification.objects.filter(user_id=student.user_id)


@pytest.mark.parametrize(
    ("moment", "expected_day"),
    [
        (taipei(2024, 10, 23, 23, 59, 59), None),
        (taipei(2024, 10, 24, 0, 0, 0), 7),
        (taipei(2024, 10, 27, 23, 59, 59), 7),
        (taipei(2024, 10, 28, 0, 0, 0), 3),
        (taipei(2024, 10, 30, 0, 0, 0), 1),
        (taipei(2024, 10, 31, 23, 59, 59), 1),
        (taipei(2024, 11, 1, 0, 0, 0), None),
    ],
)
def test_due_windows_at_taipei_day_boundaries(upload_window, moment, expected_day):
    due = due_windows(moment)
    if expected_day is None:
        assert due == []
    else:
        assert due == [(upload_window, expected_day)]


def test_due_windows_counts_days_in_taipei_not_utc(upload_window):
    # 16:00 UTC on 23 October is already 00:00 on 24 October in Taipei.
    moment = datetime.datetime(2024, 10, 23, 16, 0, tzinfo=datetime.UTC)
    assert due_windows(moment) == [(upload_window, 7)]


def test_send_due_reminders_once_per_day_when_run_twice(upload_window, students):
    with time_machine.travel(taipei(2024, 10, 24, 8, 0), tick=False):
        first = send_due_reminders()
        second = send_due_reminders()
    assert first["sent"] == 4
    assert second["sent"] == 0
    for student in students:
        assert notifications_of(student).count() == 1
    assert len(mail.outbox) == 4


def test_send_due_reminders_again_on_next_reminder_day(upload_window, students):
    with time_machine.travel(taipei(2024, 10, 24, 23, 59, 59), tick=False):
        send_due_reminders()
    with time_machine.travel(taipei(2024, 10, 26, 12, 0), tick=False):
        assert send_due_reminders()["sent"] == 0
    with time_machine.travel(taipei(2024, 10, 28, 0, 0, 1), tick=False):
        assert send_due_reminders()["sent"] == 4
    keys = set(ReminderDispatch.objects.values_list("days_before", flat=True))
    assert keys == {7, 3}
    assert notifications_of(students[0]).count() == 2


def test_send_due_reminders_skips_departed_students(upload_window, students):
    departed = students[0]
    departed.status = departed.Status.GRADUATED
    departed.save()
    with time_machine.travel(taipei(2024, 10, 30, 9, 0), tick=False):
        assert send_due_reminders()["sent"] == 3
    assert notifications_of(departed).count() == 0


def test_send_due_reminders_email_in_zh_hant_with_roc_deadline(upload_window, students):
    with time_machine.travel(taipei(2024, 10, 30, 9, 0), tick=False):
        send_due_reminders()
    message = mail.outbox[0]
    assert "113/10/31" in message.subject
    assert "提醒" in message.subject
    assert "113/10/31 23:59" in message.body
    assert "臺北時間" in message.body
    assert "尚未上傳" in message.body
    assert "http://127.0.0.1:8000/student/" in message.body


@pytest.mark.django_db(transaction=True)
def test_send_due_reminders_resumes_after_crash_halfway(settings, upload_window, students):
    settings.EMAIL_BACKEND = "tests.mail_backends.CrashingBackend"
    mail_backends.CrashingBackend.sent = 0
    mail_backends.CrashingBackend.crash_at = 3
    with (
        time_machine.travel(taipei(2024, 10, 24, 8, 0), tick=False),
        pytest.raises(mail_backends.WorkerCrash),
    ):
        send_due_reminders()
    assert len(mail.outbox) == 2
    assert Notification.objects.count() == 3
    mail_backends.CrashingBackend.crash_at = None

    # A run soon after skips the row the crashed run still holds and sends the fourth.
    with time_machine.travel(taipei(2024, 10, 24, 8, 1), tick=False):
        assert send_due_reminders()["sent"] == 1
    assert len(mail.outbox) == 3

    # Once the claim has timed out, the next run finishes the crashed row's e-mail only.
    later = taipei(2024, 10, 24, 8, 1) + CLAIM_TIMEOUT + datetime.timedelta(minutes=1)
    with time_machine.travel(later, tick=False):
        assert send_due_reminders()["sent"] == 1
        assert send_due_reminders()["sent"] == 0
    assert len(mail.outbox) == 4
    assert sorted(m.to[0] for m in mail.outbox) == [f"s{n}@school.example" for n in range(4)]
    for student in students:
        assert notifications_of(student).count() == 1
    assert set(ReminderDispatch.objects.values_list("status", flat=True)) == {"sent"}


@pytest.mark.django_db(transaction=True)
def test_deliver_reminders_two_runs_at_once_send_once(upload_window, students):
    at = taipei(2024, 10, 24, 8, 0)
    reminders = reminders_for_window(upload_window, at)
    start = threading.Barrier(2)
    results = []

    def run():
        try:
            start.wait()
            results.append(deliver_reminders(upload_window, 7, reminders))
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(counts.sent for counts in results) == 4
    assert Notification.objects.count() == 4
    assert len(mail.outbox) == 4


@pytest.fixture
def submission_window(db):
    return window(Kind.SUBMISSION, datetime.date(2024, 10, 1), CLOSES)


def test_send_due_reminders_routes_task_items_to_proxy(
    submission_window, registry_clerk, registry_head, dean
):
    Absence.objects.create(
        staff=registry_clerk,
        starts_at=taipei(2024, 10, 28),
        ends_at=taipei(2024, 11, 2),
        reason="公假",
    )
    with time_machine.travel(taipei(2024, 10, 30, 9, 0), tick=False):
        send_due_reminders()
    head_note = Notification.objects.get(user=registry_head.user)
    assert "提交：課程學習成果" in head_note.body
    assert "提交：學籍資料及學業成績" in head_note.body
    clerk_note = Notification.objects.get(user=registry_clerk.user)
    assert registry_head.name in clerk_note.body
    assert "代理" in clerk_note.title


def test_send_due_reminders_owner_present_gets_no_notice(
    submission_window, registry_clerk, registry_head
):
    with time_machine.travel(taipei(2024, 10, 30, 9, 0), tick=False):
        send_due_reminders()
    assert Notification.objects.filter(user=registry_clerk.user).count() == 1
    assert not Notification.objects.filter(user=registry_head.user).exists()


def test_send_due_reminders_unrouted_items_reach_secretary(submission_window, dean):
    TaskGroupSeat.objects.filter(role=TaskGroupSeat.Role.EXECUTIVE_SECRETARY).update(staff=dean)
    with time_machine.travel(taipei(2024, 10, 30, 9, 0), tick=False):
        send_due_reminders()
    assert "提交：校內幹部經歷" in Notification.objects.get(user=dean.user).body


@pytest.mark.django_db(transaction=True)
def test_send_due_reminders_runs_in_celery_worker(upload_window, students):
    from celery.contrib.testing.worker import start_worker

    from portfolio.celery import app

    with (
        time_machine.travel(taipei(2024, 10, 30, 9, 0), tick=False),
        start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10),
    ):
        result = send_due_reminders.delay().get(timeout=30)
    assert result == {"sent": 4, "skipped": 0}
    assert Notification.objects.count() == 4
