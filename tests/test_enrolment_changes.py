"""Enrolment changes set the student's status and what the student may still do."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from accounts.models import Student
from audit.models import AuditEntry
from records.models import EnrolmentChange, Grade, Term
from records.services.enrolment_changes import can_upload, record_enrolment_change
from tests.factories import SchoolClassFactory

Kind = EnrolmentChange.Kind
Status = Student.Status
DAY = datetime.date(2024, 10, 1)


@pytest.mark.parametrize(
    ("kind", "status", "other_school"),
    [
        (Kind.TRANSFER_OUT, Status.TRANSFERRED_OUT, "013301"),
        (Kind.SUSPENSION, Status.SUSPENDED, ""),
        (Kind.REPEAT_YEAR, Status.REPEATING, ""),
        (Kind.VISITING_STUDY, Status.VISITING, "013301"),
        (Kind.TRANSFER_IN, Status.TRANSFERRED_IN, "013301"),
        (Kind.GRADUATION, Status.GRADUATED, ""),
        (Kind.WITHDRAWAL, Status.WITHDRAWN, ""),
    ],
)
def test_record_change_sets_status(student, registry_clerk, kind, status, other_school):
    record_enrolment_change(
        student, kind, DAY, user=registry_clerk.user, other_school_code=other_school
    )
    student.refresh_from_db()
    assert student.status == status


@pytest.mark.parametrize(
    ("status", "allowed"),
    [
        (Status.ENROLLED, True),
        (Status.TRANSFERRED_IN, True),
        (Status.REPEATING, True),
        (Status.VISITING, True),
        (Status.SUSPENDED, False),
        (Status.TRANSFERRED_OUT, False),
        (Status.GRADUATED, False),
        (Status.WITHDRAWN, False),
    ],
)
def test_can_upload_by_status(student, status, allowed):
    student.status = status
    assert can_upload(student) is allowed


def test_transfer_out_stops_uploads(student, registry_clerk):
    assert can_upload(student)
    record_enrolment_change(
        student, Kind.TRANSFER_OUT, DAY, user=registry_clerk.user, other_school_code="013301"
    )
    student.refresh_from_db()
    assert not can_upload(student)


def test_resumption_keeps_earlier_terms(student, registry_clerk):
    term = Term.objects.create(academic_year=112, semester=2)
    Grade.objects.create(
        student=student,
        term=term,
        course_code="S00",
        course_name="國語文",
        credits=4,
        score=80,
        passed=True,
    )
    record_enrolment_change(student, Kind.SUSPENSION, DAY, user=registry_clerk.user)
    student.refresh_from_db()
    assert not can_upload(student)
    later_class = SchoolClassFactory(academic_year=113, code="102")
    record_enrolment_change(
        student,
        Kind.RESUMPTION,
        DAY + datetime.timedelta(days=90),
        user=registry_clerk.user,
        school_class=later_class,
    )
    student.refresh_from_db()
    assert student.status == Status.ENROLLED
    assert student.school_class == later_class
    assert can_upload(student)
    assert Grade.objects.get(student=student).term == term


def test_resumption_needs_suspension(student, registry_clerk):
    with pytest.raises(ValidationError) as raised:
        record_enrolment_change(student, Kind.RESUMPTION, DAY, user=registry_clerk.user)
    assert "kind" in raised.value.message_dict
    assert EnrolmentChange.objects.count() == 0


def test_departed_student_takes_only_transfer_in(student, registry_clerk):
    record_enrolment_change(student, Kind.WITHDRAWAL, DAY, user=registry_clerk.user)
    with pytest.raises(ValidationError):
        record_enrolment_change(student, Kind.SUSPENSION, DAY, user=registry_clerk.user)
    record_enrolment_change(
        student, Kind.TRANSFER_IN, DAY, user=registry_clerk.user, other_school_code="013301"
    )
    student.refresh_from_db()
    assert student.status == Status.TRANSFERRED_IN


def test_transfer_needs_valid_school_code(student, registry_clerk):
    with pytest.raises(ValidationError) as raised:
        record_enrolment_change(student, Kind.TRANSFER_OUT, DAY, user=registry_clerk.user)
    assert "other_school_code" in raised.value.message_dict
    with pytest.raises(ValidationError):
        record_enrolment_change(
            student, Kind.TRANSFER_OUT, DAY, user=registry_clerk.user, other_school_code="13A"
        )


def test_change_before_latest_is_rejected(student, registry_clerk):
    record_enrolment_change(student, Kind.SUSPENSION, DAY, user=registry_clerk.user)
    with pytest.raises(ValidationError) as raised:
        record_enrolment_change(
            student, Kind.RESUMPTION, DAY - datetime.timedelta(days=1), user=registry_clerk.user
        )
    assert "effective_on" in raised.value.message_dict


def test_change_is_audited_with_old_and_new_status(student, registry_clerk):
    change = record_enrolment_change(student, Kind.SUSPENSION, DAY, user=registry_clerk.user)
    entry = AuditEntry.objects.get(action="portfolio.enrolment_change.created")
    assert entry.target_id == str(change.pk)
    assert entry.actor == registry_clerk.user
    assert entry.data["old"]["status"] == Status.ENROLLED
    assert entry.data["new"]["status"] == Status.SUSPENDED
