"""Notification list, navbar count, upcoming purges page and the failed-task record."""

import datetime

import pytest
from django.urls import reverse

from notifications.models import FailedTask, Notification
from notifications.tasks import RETRY
from portfolio.celery import app
from submissions.models import PortfolioSeal


@pytest.fixture
def notes(student):
    return [
        Notification.objects.create(user=student.user, title=f"提醒 {n}", url="/student/")
        for n in range(3)
    ]


def test_notification_list_shows_unread_count(client, student, notes):
    client.force_login(student.user)
    response = client.get(reverse("notification_list"))
    assert response.status_code == 200
    assert response.context["unread_notification_count"] == 3
    assert "提醒 2" in response.content.decode()


def test_notification_list_constant_queries(client, student, notes, django_assert_max_num_queries):
    Notification.objects.bulk_create(
        [Notification(user=student.user, title=f"更多 {n}") for n in range(20)]
    )
    client.force_login(student.user)
    with django_assert_max_num_queries(8):
        client.get(reverse("notification_list"))


def test_notification_open_marks_read_and_redirects(client, student, notes):
    client.force_login(student.user)
    response = client.post(reverse("notification_open", args=[notes[0].pk]))
    assert response.status_code == 302
    assert response["Location"] == "/student/"
    notes[0].refresh_from_db()
    assert notes[0].read_at is not None


def test_notification_open_of_other_user_is_404(client, classmate, notes):
    client.force_login(classmate.user)
    response = client.post(reverse("notification_open", args=[notes[0].pk]))
    assert response.status_code == 404


def test_notification_read_all_clears_count(client, student, notes):
    client.force_login(student.user)
    client.post(reverse("notification_read_all"))
    assert not Notification.objects.filter(user=student.user, read_at__isnull=True).exists()


def test_upcoming_purges_for_registry_clerk(client, registry_clerk, student, classmate):
    student.status = student.Status.GRADUATED
    student.save()
    classmate.status = classmate.Status.GRADUATED
    classmate.save()
    soon = datetime.date.today() + datetime.timedelta(days=10)
    PortfolioSeal.objects.filter(student=student).update(purge_due_on=soon)
    client.force_login(registry_clerk.user)
    response = client.get(reverse("upcoming_purges"))
    assert response.status_code == 200
    assert student.student_number in response.content.decode()
    assert classmate.student_number not in response.content.decode()


def test_upcoming_purges_denied_to_outsider(client, outsider):
    client.force_login(outsider.user)
    assert client.get(reverse("upcoming_purges")).status_code == 403


@app.task(bind=True, autoretry_for=(OSError,), **{**RETRY, "max_retries": 0})
def always_fails(self):
    raise OSError("storage unreachable")


def test_task_failing_for_good_is_recorded(db):
    always_fails.apply()
    failed = FailedTask.objects.get()
    assert failed.task_name.endswith("always_fails")
    assert "storage unreachable" in failed.exception
