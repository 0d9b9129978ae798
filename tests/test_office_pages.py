"""Office record pages: the right office works, others get 403, proxies act for absent owners."""

import datetime
import io

import openpyxl
import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Absence, Staff, Student
from audit.models import AuditEntry
from notifications.models import Notification
from portfolio.roc import TAIPEI
from records.models import (
    AttendanceSummary,
    BasicDataCheck,
    CadreRecord,
    EnrolmentChange,
    Grade,
    Term,
)
from tests.factories import SchoolClassFactory, StaffFactory, StudentFactory

NOON = datetime.datetime(2024, 10, 1, 12, 0, tzinfo=TAIPEI)


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOON, tick=False):
        yield


@pytest.fixture
def term(db):
    return Term.objects.create(academic_year=113, semester=1)


@pytest.fixture
def discipline_head(db):
    return StaffFactory(staff_code="T9030", name="鍾組長", job_title="訓育組長")


@pytest.fixture
def student_life_head(db):
    return StaffFactory(staff_code="T9031", name="呂組長", job_title="生輔組長")


def absent(staff):
    Absence.objects.create(
        staff=staff,
        starts_at=NOON - datetime.timedelta(days=1),
        ends_at=NOON + datetime.timedelta(days=1),
        reason="病假",
    )


def grades_file(rows):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["學號", "學年度", "學期", "科目代碼", "科目名稱", "學分", "成績"])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    buffer.name = "grades.xlsx"
    return buffer


PAGES = [
    ("office_basic_data", {}),
    ("office_enrolment_change", {}),
    ("office_grades", {}),
    ("office_cadres", {}),
    ("office_cadre_create", {}),
    ("office_attendance", {}),
    ("office_public_service", {}),
]


@pytest.mark.parametrize(("name", "kwargs"), PAGES)
def test_office_page_denies_outsider(client, term, outsider, name, kwargs):
    client.force_login(outsider.user)
    assert client.get(reverse(name, kwargs=kwargs)).status_code == 403


def test_office_page_sends_anonymous_to_login(client, term):
    response = client.get(reverse("office_grades"))
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_basic_data_page_for_owner_not_cadre_office(
    client, term, student, registry_clerk, discipline_head
):
    client.force_login(registry_clerk.user)
    assert client.get(reverse("office_basic_data")).status_code == 200
    assert client.get(reverse("office_cadres")).status_code == 403
    client.force_login(discipline_head.user)
    assert client.get(reverse("office_cadres")).status_code == 200
    assert client.get(reverse("office_basic_data")).status_code == 403


def test_first_proxy_acts_while_owner_absent(client, term, student, registry_clerk, registry_head):
    client.force_login(registry_head.user)
    assert client.get(reverse("office_grades")).status_code == 403
    absent(registry_clerk)
    response = client.get(reverse("office_grades"))
    assert response.status_code == 200
    assert registry_clerk.name in response.content.decode()


def test_mark_checked_records_proxy(client, term, student, registry_clerk, registry_head):
    absent(registry_clerk)
    client.force_login(registry_head.user)
    url = reverse("office_mark_checked", args=[term.pk, student.school_class.pk])
    response = client.post(url)
    assert response.status_code == 302
    check = BasicDataCheck.objects.get()
    assert check.checked_by == registry_head.user
    entry = AuditEntry.objects.get(action="portfolio.basic_data.checked")
    assert entry.acting_for == registry_clerk
    assert entry.acting_rank == "1"


def test_mark_checked_rejects_get(client, term, student, registry_clerk):
    client.force_login(registry_clerk.user)
    url = reverse("office_mark_checked", args=[term.pk, student.school_class.pk])
    assert client.get(url).status_code == 405


def test_enrolment_change_page_records_change(client, term, student, registry_clerk):
    client.force_login(registry_clerk.user)
    response = client.post(
        reverse("office_enrolment_change"),
        {
            "student": student.student_number,
            "kind": EnrolmentChange.Kind.TRANSFER_OUT,
            "effective_on": "2024-09-30",
            "other_school_code": "013301",
            "note": "",
        },
    )
    assert response.status_code == 302
    student.refresh_from_db()
    assert student.status == Student.Status.TRANSFERRED_OUT


def test_enrolment_change_page_shows_service_error(client, term, student, registry_clerk):
    client.force_login(registry_clerk.user)
    response = client.post(
        reverse("office_enrolment_change"),
        {"student": student.student_number, "kind": "resumption", "effective_on": "2024-09-30"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["kind"]
    assert EnrolmentChange.objects.count() == 0


def test_grades_page_previews_then_confirms(client, term, student, registry_clerk):
    client.force_login(registry_clerk.user)
    upload = grades_file([[student.student_number, 113, 1, "S00", "國語文", 4, 88]])
    response = client.post(reverse("office_grades"), {"import_file": upload, "check": "1"})
    assert response.status_code == 200
    assert Grade.objects.count() == 0
    step = response.context["step"]
    assert step.can_confirm
    form = step.form
    response = client.post(
        reverse("office_grades"),
        {
            "stored_name": form.initial["stored_name"],
            "file_name": form.initial["file_name"],
            "confirm": "1",
        },
    )
    assert response.status_code == 302
    grade = Grade.objects.get()
    assert grade.passed
    assert AuditEntry.objects.get(action="portfolio.grade.created").actor == registry_clerk.user


def test_grades_page_lists_every_bad_row(client, term, student, registry_clerk):
    client.force_login(registry_clerk.user)
    upload = grades_file(
        [
            [student.student_number, 113, 1, "S00", "國語文", 4, 188],
            ["1139999", 113, 1, "S00", "國語文", 4, 70],
        ]
    )
    response = client.post(reverse("office_grades"), {"import_file": upload, "check": "1"})
    step = response.context["step"]
    assert step.report.bad_rows == [2, 3]
    assert not step.can_confirm
    assert "import-errors" in response.content.decode()


def test_cadre_add_edit_delete(client, term, student, discipline_head):
    client.force_login(discipline_head.user)
    data = {
        "student": student.student_number,
        "term": term.pk,
        "category": CadreRecord.Category.CLASS,
        "unit": "101",
        "post": "班長",
        "level": "",
        "starts_on": "2024-09-01",
        "ends_on": "",
        "summary": "",
    }
    assert client.post(reverse("office_cadre_create"), data).status_code == 302
    record = CadreRecord.objects.get()
    data["post"] = "副班長"
    assert client.post(reverse("office_cadre_edit", args=[record.pk]), data).status_code == 302
    record.refresh_from_db()
    assert record.post == "副班長"
    updated = AuditEntry.objects.get(action="portfolio.cadre.updated")
    assert updated.data == {"old": {"post": "班長"}, "new": {"post": "副班長"}}
    assert client.post(reverse("office_cadre_delete", args=[record.pk])).status_code == 302
    assert CadreRecord.objects.count() == 0
    deleted = AuditEntry.objects.get(action="portfolio.cadre.deleted")
    assert deleted.data["old"]["post"] == "副班長"


def test_cadre_edit_unknown_id_is_404(client, term, discipline_head):
    client.force_login(discipline_head.user)
    assert client.get(reverse("office_cadre_edit", args=[999999])).status_code == 404


def test_attendance_edit_saves_periods(client, term, student, student_life_head):
    client.force_login(student_life_head.user)
    data = dict.fromkeys(AttendanceSummary.LeaveType.values, 0)
    data[AttendanceSummary.LeaveType.SICK] = 4
    url = reverse("office_attendance_edit", args=[term.pk, student.pk])
    assert client.post(url, data).status_code == 302
    assert AttendanceSummary.objects.get().periods == 4


def test_attendance_edit_denies_registry(client, term, student, registry_clerk):
    client.force_login(registry_clerk.user)
    url = reverse("office_attendance_edit", args=[term.pk, student.pk])
    assert client.get(url).status_code == 403


def test_public_service_reminder_is_logged(client, term, student, classmate, discipline_head):
    client.force_login(discipline_head.user)
    response = client.post(
        reverse("office_public_service"),
        {"classes": [student.school_class.pk], "message": "請上傳服務學習"},
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="portfolio.service.reminder_sent")
    assert entry.data["students"] == 2
    assert entry.data["classes"] == ["101"]
    notice = Notification.objects.get(user=student.user)
    assert notice.body == "請上傳服務學習"
    assert Notification.objects.filter(user=classmate.user).count() == 1


def test_public_service_entry_page_opens(client, term, discipline_head):
    client.force_login(discipline_head.user)
    response = client.get(reverse("office_entry", args=["public-service"]))
    assert response.status_code == 200


def test_task_item_page_links_office_pages(client, term, registry_clerk):
    client.force_login(registry_clerk.user)
    response = client.get(reverse("task_item_detail", args=["grades"]))
    assert reverse("office_grades") in response.content.decode()


def fill_class(code, term, size):
    school_class = SchoolClassFactory(academic_year=113, code=code)
    for seat in range(1, size + 1):
        student = StudentFactory(school_class=school_class, seat_number=seat)
        Grade.objects.create(
            student=student,
            term=term,
            course_code="S00",
            course_name="國語文",
            credits=4,
            score=70,
            passed=True,
        )
        CadreRecord.objects.create(
            student=student, term=term, category="class", unit=code, post=f"股長{seat}"
        )
        AttendanceSummary.objects.create(student=student, term=term, leave_type="03", periods=2)
    return school_class


@pytest.mark.parametrize(
    ("name", "persona"),
    [
        ("office_basic_data", "registry_clerk"),
        ("office_grades", "registry_clerk"),
        ("office_cadres", "discipline_head"),
        ("office_attendance", "student_life_head"),
        ("office_public_service", "discipline_head"),
    ],
)
def test_office_page_query_count_is_constant(
    client, term, request, name, persona, django_assert_max_num_queries
):
    staff = request.getfixturevalue(persona)
    client.force_login(staff.user)
    small = fill_class("101", term, 2)
    url = f"{reverse(name)}?term={term.pk}&class={small.pk}"
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    big = fill_class("102", term, 12)
    url = f"{reverse(name)}?term={term.pk}&class={big.pk}"
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


def test_demo_school_has_office_records(db, client):
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    call_command("seed_demo", stdout=io.StringIO())
    assert "Demo office records" in out.getvalue()
    assert Grade.objects.filter(passed=True).exists()
    assert Grade.objects.filter(passed=False).exists()
    assert CadreRecord.objects.exists()
    assert AttendanceSummary.objects.exists()
    # The demo puts the registry clerk on leave, so the registry head acts for grades.
    head = Staff.objects.get(job_title="註冊組長")
    client.force_login(head.user)
    assert client.get(reverse("office_grades")).status_code == 200
    assert client.get(reverse("office_attendance")).status_code == 403
