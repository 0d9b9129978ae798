"""Consultation records: a counsellor sees only the students assigned to them, and the
convenor assigns counsellors."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from audit.models import AuditEntry
from portfolio.roc import TAIPEI
from records.models import ConsultationRecord, CounsellorAssignment
from records.services import consultations
from tests.factories import StaffFactory

NOON = datetime.datetime(2024, 10, 1, 12, 0, tzinfo=TAIPEI)


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOON, tick=False):
        yield


@pytest.fixture
def convenor(db):
    return StaffFactory(staff_code="T9501", name="鄭召集人", job_title="課程諮詢教師召集人")


@pytest.fixture
def counsellor(db):
    return StaffFactory(staff_code="T9502", name="蔡老師", job_title="課程諮詢教師")


@pytest.fixture
def other_counsellor(db):
    return StaffFactory(staff_code="T9503", name="江老師", job_title="課程諮詢教師")


@pytest.fixture
def assigned(student, counsellor):
    return CounsellorAssignment.objects.create(
        counsellor=counsellor, student=student, academic_year=113
    )


def record_for(student, counsellor, content="討論選課"):
    return ConsultationRecord.objects.create(
        student=student,
        counsellor=counsellor,
        held_at=NOON,
        place="輔導室",
        content=content,
    )


def test_counsellor_home_lists_only_assigned(client, counsellor, assigned, student, classmate):
    client.force_login(counsellor.user)
    page = client.get(reverse("consultation_home")).content.decode()
    assert student.name in page
    assert classmate.name not in page


def test_counsellor_home_ignores_last_years_assignment(client, counsellor, classmate):
    CounsellorAssignment.objects.create(counsellor=counsellor, student=classmate, academic_year=112)
    client.force_login(counsellor.user)
    assert classmate.name not in client.get(reverse("consultation_home")).content.decode()


def test_unassigned_student_is_404(client, counsellor, assigned, classmate):
    client.force_login(counsellor.user)
    url = reverse("consultation_student", args=[classmate.pk])
    assert client.get(url).status_code == 404
    response = client.post(
        url, {"day": "2024-09-30", "time": "12:10", "place": "教室", "content": "x"}
    )
    assert response.status_code == 404
    assert not ConsultationRecord.objects.exists()


def test_other_counsellors_student_is_404(client, other_counsellor, assigned, student):
    client.force_login(other_counsellor.user)
    assert client.get(reverse("consultation_student", args=[student.pk])).status_code == 404


def test_student_cannot_open_consultations(client, student, assigned):
    client.force_login(student.user)
    assert client.get(reverse("consultation_home")).status_code == 404


def test_add_record_stores_taipei_time_and_logs(client, counsellor, assigned, student):
    client.force_login(counsellor.user)
    url = reverse("consultation_student", args=[student.pk])
    response = client.post(
        url,
        {
            "day": "2024-09-30",
            "time": "12:10",
            "place": "輔導室",
            "content": "討論第二外語選修",
            "advice": "先修日語",
        },
    )
    assert response.status_code == 302
    record = ConsultationRecord.objects.get()
    assert record.counsellor == counsellor
    assert record.held_at == datetime.datetime(2024, 9, 30, 12, 10, tzinfo=TAIPEI)
    entry = AuditEntry.objects.get(action="portfolio.consultation.created")
    assert entry.data["new"]["content"] == "討論第二外語選修"
    page = client.get(url).content.decode()
    assert "113/09/30 12:10" in page


def test_add_record_without_place_shows_message(client, counsellor, assigned, student):
    client.force_login(counsellor.user)
    url = reverse("consultation_student", args=[student.pk])
    response = client.post(url, {"day": "2024-09-30", "time": "12:10", "content": "x"})
    assert response.status_code == 200
    assert "未填地點" in response.content.decode()
    assert not ConsultationRecord.objects.exists()


def test_edit_record_logs_old_and_new(client, counsellor, assigned, student):
    record = record_for(student, counsellor)
    client.force_login(counsellor.user)
    url = reverse("consultation_edit", args=[record.pk])
    data = {"day": "2024-10-01", "time": "12:00", "place": "圖書館", "content": "討論選課"}
    assert client.post(url, data).status_code == 302
    record.refresh_from_db()
    assert record.place == "圖書館"
    entry = AuditEntry.objects.get(action="portfolio.consultation.updated")
    assert entry.data["old"]["place"] == "輔導室"
    assert entry.data["new"]["place"] == "圖書館"


def test_edit_record_of_other_counsellor_is_404(
    client, counsellor, other_counsellor, assigned, student
):
    record = record_for(student, other_counsellor)
    client.force_login(counsellor.user)
    assert client.get(reverse("consultation_edit", args=[record.pk])).status_code == 404


def test_edit_record_after_reassignment_is_404(
    client, counsellor, other_counsellor, assigned, student
):
    record = record_for(student, counsellor)
    assigned.counsellor = other_counsellor
    assigned.save()
    client.force_login(counsellor.user)
    assert client.get(reverse("consultation_edit", args=[record.pk])).status_code == 404


def test_assign_counsellor_logs_each_change(
    convenor, counsellor, other_counsellor, student, classmate
):
    changed = consultations.assign_counsellor([student, classmate], counsellor, 113, convenor.user)
    assert changed == 2
    changed = consultations.assign_counsellor([student, classmate], counsellor, 113, convenor.user)
    assert changed == 0
    consultations.assign_counsellor([student], other_counsellor, 113, convenor.user)
    entry = AuditEntry.objects.filter(action="portfolio.counsellor.assigned").order_by("id").last()
    assert entry.data["old"] == {"counsellor": counsellor.pk}
    assert entry.data["new"] == {"counsellor": other_counsellor.pk}
    assert CounsellorAssignment.objects.get(student=student).counsellor == other_counsellor


def test_assign_none_removes_assignment(convenor, counsellor, assigned, student):
    consultations.assign_counsellor([student], None, 113, convenor.user)
    assert not CounsellorAssignment.objects.exists()


def test_assignments_page_assigns_for_convenor(
    client, convenor, counsellor, school_class, student, classmate
):
    client.force_login(convenor.user)
    url = reverse("consultation_assignments")
    response = client.post(
        url, {"class": school_class.pk, "counsellor": counsellor.pk, "students": [student.pk]}
    )
    assert response.status_code == 302
    assert list(CounsellorAssignment.objects.values_list("student_id", flat=True)) == [student.pk]
    page = client.get(url, {"class": school_class.pk}).content.decode()
    assert counsellor.name in page


def test_assignments_page_denies_counsellor_while_convenor_present(client, convenor, counsellor):
    client.force_login(counsellor.user)
    assert client.get(reverse("consultation_assignments")).status_code == 403
