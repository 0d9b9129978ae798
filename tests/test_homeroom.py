"""The homeroom overview: outcome counts per student of the own class, in constant queries."""

# The fixtures term, course_teacher and section come from tests.outcome_setup.
# ruff: noqa: F811

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from notifications.models import Notification
from records.models import CourseOutcome
from tests.factories import SchoolClassFactory, StaffFactory, StudentFactory
from tests.outcome_setup import (
    NOON,
    course_teacher,  # noqa: F401
    section,  # noqa: F401
    term,  # noqa: F401
)
from tests.test_outcome_views import make_outcomes

Status = CourseOutcome.Status


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOON, tick=False):
        yield


def rows_of(page: str) -> list[str]:
    return page.split('data-testid="progress-row"')[1:]


def test_overview_counts_per_status(client, homeroom_teacher, student, classmate, section):
    make_outcomes(student, section, 2, status=Status.CERTIFIED)
    make_outcomes(student, section, 1, status=Status.REJECTED, first_slot=3)
    make_outcomes(student, section, 1, status=Status.DRAFT, first_slot=4)
    client.force_login(homeroom_teacher.user)

    page = client.get(reverse("homeroom_overview")).content.decode()

    rows = rows_of(page)
    assert len(rows) == 2
    assert student.name in rows[0]
    assert "4/6" in rows[0]
    assert classmate.name in rows[1]
    assert "0/6" in rows[1]
    assert "班級進度" in page


def test_overview_ignores_other_terms(client, homeroom_teacher, student, section):
    from records.models import Term
    from tests.outcome_setup import make_section

    old_term = Term.objects.create(academic_year=112, semester=2)
    old_section = make_section(old_term, student.school_class, section.teacher, code="OLD1")
    CourseOutcome.objects.create(
        student=student, term=old_term, section=old_section, slot=1, title="舊", summary="舊"
    )
    client.force_login(homeroom_teacher.user)

    page = client.get(reverse("homeroom_overview")).content.decode()

    assert "0/6" in rows_of(page)[0]


def test_overview_shows_only_own_class(client, outsider, student, section):
    other_class = SchoolClassFactory(academic_year=113, code="102", homeroom_teacher=outsider)
    StudentFactory(student_number="1139050", name="別班生", school_class=other_class)
    client.force_login(outsider.user)

    page = client.get(reverse("homeroom_overview")).content.decode()

    assert "別班生" in page
    assert student.name not in page


def test_overview_without_class(client, section):
    teacher = StaffFactory(staff_code="T9400", name="無班老師")
    client.force_login(teacher.user)

    page = client.get(reverse("homeroom_overview")).content.decode()

    assert "你本學年沒有擔任任何班級的導師" in page


def test_overview_denies_student(client, student, section):
    client.force_login(student.user)

    assert client.get(reverse("homeroom_overview")).status_code == 403


def count_queries(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("homeroom_overview"))
    assert response.status_code == 200
    return len(queries)


def test_overview_query_count_constant(
    client, homeroom_teacher, student, section, django_assert_max_num_queries
):
    client.force_login(homeroom_teacher.user)
    make_outcomes(student, section, 3)
    with_one_student = count_queries(client)
    for number in range(10):
        classmate = StudentFactory(
            student_number=f"11391{number:02d}", school_class=student.school_class
        )
        make_outcomes(classmate, section, 3)

    with django_assert_max_num_queries(with_one_student):
        page = client.get(reverse("homeroom_overview")).content.decode()

    assert len(rows_of(page)) == 11


def test_remind_student_sends_one_notification(client, homeroom_teacher, student, section):
    client.force_login(homeroom_teacher.user)

    for _click in range(2):
        response = client.post(reverse("homeroom_remind"), {"student": student.pk})
        assert response.status_code == 302

    notices = Notification.objects.filter(user=student.user)
    assert notices.count() == 1
    assert "課程學習成果" in notices.get().title


def test_remind_class_skips_students_done(client, homeroom_teacher, student, classmate, section):
    make_outcomes(student, section, 1, status=Status.SUBMITTED)
    client.force_login(homeroom_teacher.user)

    client.post(reverse("homeroom_remind"))

    assert not Notification.objects.filter(user=student.user).exists()
    assert Notification.objects.filter(user=classmate.user).count() == 1


def test_remind_other_class_student_404(client, homeroom_teacher, section):
    stranger = StudentFactory(school_class=SchoolClassFactory(academic_year=113, code="109"))
    client.force_login(homeroom_teacher.user)

    response = client.post(reverse("homeroom_remind"), {"student": stranger.pk})

    assert response.status_code == 404
    assert not Notification.objects.exists()


def test_remind_skips_departed_student(client, homeroom_teacher, student, section):
    student.status = student.Status.TRANSFERRED_OUT
    student.save()
    client.force_login(homeroom_teacher.user)

    client.post(reverse("homeroom_remind"), {"student": student.pk})

    assert not Notification.objects.filter(user=student.user).exists()
