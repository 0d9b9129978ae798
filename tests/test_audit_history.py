"""The change history page of office records: who, when, for whom, old and new values."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from accounts.models import Absence, TaskItem
from accounts.services.acting import acting_as
from audit.models import AuditEntry
from portfolio.roc import TAIPEI
from records.models import CadreRecord, EnrolmentChange, Grade, Term
from records.services.enrolment_changes import record_enrolment_change
from records.services.record_audit import save_with_audit
from tests.factories import UserFactory

NOON = datetime.datetime(2024, 10, 1, 12, 0, tzinfo=TAIPEI)
FIELDS = ("score", "passed")


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOON, tick=False):
        yield


@pytest.fixture
def grade(student):
    term = Term.objects.create(academic_year=113, semester=1)
    return Grade.objects.create(
        student=student,
        term=term,
        course_code="S00",
        course_name="國語文",
        credits=4,
        score=55,
        passed=False,
    )


def test_history_lists_proxy_and_old_new(client, grade, registry_clerk, registry_head):
    Absence.objects.create(
        staff=registry_clerk,
        starts_at=NOON - datetime.timedelta(hours=1),
        ends_at=NOON + datetime.timedelta(hours=1),
    )
    acting = acting_as(registry_head, TaskItem.objects.get(code="grades"))
    assert acting is not None
    grade.score = 65
    grade.passed = True
    save_with_audit(grade, FIELDS, action="portfolio.grade", user=registry_head.user, acting=acting)

    client.force_login(registry_head.user)
    response = client.get(reverse("record_history", args=["grade", grade.pk]))
    assert response.status_code == 200
    entry, action, rows = response.context["entries"][0]
    assert entry.actor == registry_head.user
    assert entry.acting_for == registry_clerk
    assert ("55.00", "65.00") in [(old, new) for _label, old, new in rows]
    assert ("否", "是") in [(old, new) for _label, old, new in rows]
    page = response.content.decode()
    assert registry_clerk.name in page
    assert "55.00" in page


def test_save_with_audit_skips_unchanged(grade, registry_clerk):
    assert not save_with_audit(grade, FIELDS, action="portfolio.grade", user=registry_clerk.user)


def test_history_denies_other_office(client, grade, registry_clerk, outsider):
    client.force_login(outsider.user)
    response = client.get(reverse("record_history", args=["grade", grade.pk]))
    assert response.status_code == 403


def test_history_denies_student(client, grade, student):
    client.force_login(student.user)
    response = client.get(reverse("record_history", args=["grade", grade.pk]))
    assert response.status_code == 403


def test_history_unknown_record_is_404(client, registry_clerk, db):
    client.force_login(registry_clerk.user)
    assert client.get(reverse("record_history", args=["grade", 999999])).status_code == 404
    assert client.get(reverse("record_history", args=["salary", 1])).status_code == 404


def test_history_of_cadre_needs_cadre_office(client, student, registry_clerk, db):
    term = Term.objects.create(academic_year=113, semester=1)
    record = CadreRecord.objects.create(
        student=student, term=term, category="class", unit="101", post="班長"
    )
    client.force_login(registry_clerk.user)
    response = client.get(reverse("record_history", args=["cadre", record.pk]))
    assert response.status_code == 403


@pytest.mark.parametrize("model", ["grade", "cadrerecord", "attendancesummary"])
def test_admin_import_page_opens(client, db, model):
    admin_user = UserFactory(username="admin", is_staff=True, is_superuser=True)
    client.force_login(admin_user)
    assert client.get(reverse(f"admin:records_{model}_changelist")).status_code == 200
    assert client.get(reverse(f"admin:records_{model}_import")).status_code == 200


def test_admin_change_is_audited(client, grade):
    admin_user = UserFactory(username="admin", is_staff=True, is_superuser=True)
    client.force_login(admin_user)
    url = reverse("admin:records_grade_change", args=[grade.pk])
    data = {
        "student": grade.student_id,
        "term": grade.term_id,
        "kind": grade.kind,
        "section": "",
        "course_code": "S00",
        "course_name": "國語文",
        "credits": 4,
        "score": "61",
        "passed": "on",
        "credit_counted": "on",
        "qualitative_note": "",
    }
    assert client.post(url, data).status_code == 302
    entry = AuditEntry.objects.get(action="portfolio.grade.updated")
    assert entry.actor == admin_user
    assert entry.data["new"] == {"score": "61.00", "passed": True}


def test_history_shows_labels_and_roc_dates(client, registry_clerk, student):
    change = record_enrolment_change(
        student,
        EnrolmentChange.Kind.TRANSFER_OUT,
        datetime.date(2025, 2, 3),
        user=registry_clerk.user,
        other_school_code="033302",
    )
    client.force_login(registry_clerk.user)

    response = client.get(reverse("record_history", args=["enrolment-change", change.pk]))

    _entry, action, rows = response.context["entries"][0]
    new_values = {label: new for label, _old, new in rows}
    assert action == "新增"
    assert "轉出" in new_values.values()
    assert "114/02/03" in new_values.values()
    assert "transfer_out" not in response.content.decode()
