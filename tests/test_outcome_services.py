"""records.services.outcomes: window, section, cap, slots, token, lock and audit rules."""

# The fixtures term, course_teacher and section come from tests.outcome_setup.
# ruff: noqa: F811

import datetime
import threading
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from accounts.models import Student
from audit.models import AuditEntry
from portfolio.roc import TAIPEI
from records.models import (
    CertificationDecision,
    CourseOutcome,
    Enrolment,
    ScheduleWindow,
    StoredFile,
    Term,
)
from records.services import outcomes as service
from tests.outcome_setup import (
    AFTER_WINDOW,
    BEFORE_WINDOW,
    NOON,
    content_for,
    course_teacher,  # noqa: F401
    make_section,
    section,  # noqa: F401
    term,  # noqa: F401
)

Status = CourseOutcome.Status


def create(student, section, at=NOON, **kwargs):
    return service.create_outcome(
        student, content_for(section), actor=student.user, at=at, **kwargs
    )


def error_code(excinfo) -> str:
    error = excinfo.value
    if hasattr(error, "error_dict"):
        return next(iter(error.error_dict.values()))[0].code
    return error.code


def test_create_outcome_stores_file_and_logs(student, section):
    outcome, created = create(student, section)

    assert created
    assert outcome.status == Status.SUBMITTED
    assert outcome.submitted_at == NOON
    assert outcome.slot == 1
    assert outcome.document.original_name == "report.pdf"
    assert outcome.document.owner == student
    assert outcome.document.file.name.endswith(".pdf")
    assert "report" not in outcome.document.file.name
    entry = AuditEntry.objects.get(action="portfolio.outcome.created")
    assert entry.actor == student.user
    assert entry.target_id == str(outcome.pk)


def test_create_outcome_as_draft(student, section):
    outcome, _created = create(student, section, submit=False)

    assert outcome.status == Status.DRAFT
    assert outcome.submitted_at is None


def test_create_outcome_rejects_before_window(student, section):
    with pytest.raises(ValidationError) as excinfo:
        create(student, section, at=BEFORE_WINDOW)

    assert error_code(excinfo) == "window_closed"
    assert "113/09/01" in excinfo.value.messages[0]


def test_create_outcome_rejects_after_window(student, section):
    ScheduleWindow.objects.filter(term=section.term).update(ends_on=datetime.date(2025, 1, 10))

    with pytest.raises(ValidationError) as excinfo:
        create(student, section, at=NOON)

    assert error_code(excinfo) == "window_closed"
    assert "114/01/10" in excinfo.value.messages[0]
    assert not CourseOutcome.objects.exists()
    assert not StoredFile.objects.exists()


def test_create_outcome_after_term_end_inside_window(student, section):
    Term.objects.create(academic_year=113, semester=2)
    after_term = datetime.datetime(2025, 2, 5, 9, 0, tzinfo=TAIPEI)

    outcome, created = create(student, section, at=after_term)

    assert created
    assert outcome.term == section.term


def test_create_outcome_rejects_when_no_term(student, section):
    with pytest.raises(ValidationError) as excinfo:
        create(student, section, at=AFTER_WINDOW)

    assert error_code(excinfo) == "no_term"


def test_create_outcome_rejects_section_not_enrolled(student, term, school_class, outsider):
    other = make_section(term, school_class, outsider, code="CHE1", name="化學")

    with pytest.raises(ValidationError) as excinfo:
        create(student, other)

    assert error_code(excinfo) == "section_not_enrolled"
    assert "section" in excinfo.value.error_dict


def test_create_outcome_rejects_zero_credit_section(student, term, school_class, outsider):
    homeroom_hour = make_section(term, school_class, outsider, code="HR1", name="班會", credits=0)
    Enrolment.objects.create(section=homeroom_hour, student=student)

    with pytest.raises(ValidationError) as excinfo:
        create(student, homeroom_hour)

    assert error_code(excinfo) == "section_no_credits"


@pytest.mark.parametrize("status", [Student.Status.SUSPENDED, Student.Status.TRANSFERRED_OUT])
def test_create_outcome_rejects_inactive_student(student, section, status):
    student.status = status
    student.save()

    with pytest.raises(ValidationError) as excinfo:
        create(student, section)

    assert error_code(excinfo) == "student_inactive"


def test_create_outcome_requires_a_file(student, section):
    content = content_for(section, document=None)

    with pytest.raises(ValidationError) as excinfo:
        service.create_outcome(student, content, actor=student.user, at=NOON)

    assert error_code(excinfo) == "no_file"


def test_cap_counts_drafts(student, section, settings):
    for _number in range(6):
        create(student, section, submit=False)

    with pytest.raises(ValidationError) as excinfo:
        create(student, section)

    assert error_code(excinfo) == "cap_reached"
    assert CourseOutcome.objects.filter(student=student).count() == 6


def test_cap_follows_setting(student, section, settings):
    settings.PORTFOLIO = {**settings.PORTFOLIO, "OUTCOMES_PER_TERM": 2}
    create(student, section)
    create(student, section)

    with pytest.raises(ValidationError):
        create(student, section)


def test_deleted_draft_frees_its_slot(student, section):
    outcomes = [create(student, section, submit=False)[0] for _number in range(6)]

    service.delete_draft(outcomes[2], actor=student.user, at=NOON)
    replacement, created = create(student, section)

    assert created
    assert replacement.slot == 3
    assert AuditEntry.objects.filter(action="portfolio.outcome.deleted").count() == 1


def test_delete_draft_removes_its_file(student, section, django_capture_on_commit_callbacks):
    outcome, _created = create(student, section, submit=False)
    storage, name = outcome.document.file.storage, outcome.document.file.name

    with django_capture_on_commit_callbacks(execute=True):
        service.delete_draft(outcome, actor=student.user, at=NOON)

    assert not storage.exists(name)
    assert not StoredFile.objects.exists()


def test_delete_draft_rejects_submitted_outcome(student, section):
    outcome, _created = create(student, section)

    with pytest.raises(ValidationError) as excinfo:
        service.delete_draft(outcome, actor=student.user, at=NOON)

    assert error_code(excinfo) == "not_a_draft"


def test_same_token_creates_one_outcome(student, section):
    token = uuid.uuid4()

    first, first_created = create(student, section, client_token=token)
    second, second_created = create(student, section, client_token=token)

    assert first_created
    assert not second_created
    assert second.pk == first.pk
    assert CourseOutcome.objects.count() == 1
    assert StoredFile.objects.count() == 1


def test_token_of_another_student_is_rejected(student, classmate, section):
    token = uuid.uuid4()
    create(student, section, client_token=token)
    Enrolment.objects.create(section=section, student=classmate)

    with pytest.raises(ValidationError) as excinfo:
        create(classmate, section, client_token=token)

    assert error_code(excinfo) == "token_reused"


def test_certified_outcome_is_locked(student, section):
    outcome, _created = create(student, section)
    CourseOutcome.objects.filter(pk=outcome.pk).update(status=Status.CERTIFIED)

    with pytest.raises(ValidationError) as excinfo:
        service.update_outcome(
            outcome, content_for(section, title="改過"), actor=student.user, at=NOON
        )
    assert error_code(excinfo) == "outcome_locked"

    with pytest.raises(ValidationError) as excinfo:
        service.submit_outcome(outcome, actor=student.user, at=NOON)
    assert error_code(excinfo) == "outcome_locked"
    outcome.refresh_from_db()
    assert outcome.title == "熱傳導實驗報告"


def test_submitted_outcome_cannot_be_edited(student, section):
    outcome, _created = create(student, section)

    with pytest.raises(ValidationError) as excinfo:
        service.update_outcome(outcome, content_for(section), actor=student.user, at=NOON)

    assert error_code(excinfo) == "outcome_waiting"


def reject(outcome, reason="檔案與課程無關"):
    CourseOutcome.objects.filter(pk=outcome.pk).update(status=Status.REJECTED)
    CertificationDecision.objects.create(
        outcome=outcome,
        decision=CertificationDecision.Decision.REJECTED,
        reason=reason,
        decided_at=NOON,
    )


def test_rejected_outcome_revised_and_resubmitted(
    student, section, django_capture_on_commit_callbacks
):
    outcome, _created = create(student, section)
    old_file = outcome.document
    reject(outcome)

    with django_capture_on_commit_callbacks(execute=True):
        revised = service.update_outcome(
            outcome,
            content_for(section, title="熱傳導實驗報告（修正）"),
            actor=student.user,
            submit=True,
            at=NOON,
        )

    assert revised.status == Status.SUBMITTED
    assert revised.title == "熱傳導實驗報告（修正）"
    assert revised.document_id != old_file.pk
    assert not StoredFile.objects.filter(pk=old_file.pk).exists()
    entry = AuditEntry.objects.get(action="portfolio.outcome.updated")
    assert entry.data["old"]["status"] == Status.REJECTED
    assert entry.data["new"]["status"] == Status.SUBMITTED


def test_rejected_outcome_cannot_be_revised_after_window(student, section):
    outcome, _created = create(student, section)
    reject(outcome)

    with pytest.raises(ValidationError) as excinfo:
        service.submit_outcome(outcome, actor=student.user, at=AFTER_WINDOW)

    assert error_code(excinfo) == "window_closed"


def test_submit_outcome_sends_draft(student, section):
    outcome, _created = create(student, section, submit=False)

    service.submit_outcome(outcome, actor=student.user, at=NOON)

    outcome.refresh_from_db()
    assert outcome.status == Status.SUBMITTED
    assert outcome.submitted_at == NOON


def test_outcomes_for_student_carries_latest_reason(student, section):
    outcome, _created = create(student, section)
    reject(outcome, reason="請補上實驗照片")

    listed = list(service.outcomes_for_student(student, section.term))

    assert listed[0].decision_reason == "請補上實驗照片"


@pytest.mark.django_db(transaction=True)
def test_concurrent_creates_cannot_exceed_cap(student, section):
    """Two threads race for the last slot on PostgreSQL; exactly one wins."""
    assert connection.vendor == "postgresql"
    for _number in range(5):
        create(student, section, submit=False)
    barrier = threading.Barrier(2)
    results = []

    def upload():
        try:
            barrier.wait()
            results.append(create(student, section)[1])
        except ValidationError as error:
            results.append(error.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=upload) for _number in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(map(str, results)) == ["True", "cap_reached"]
    assert CourseOutcome.objects.filter(student=student).count() == 6
    assert sorted(CourseOutcome.objects.values_list("slot", flat=True)) == [1, 2, 3, 4, 5, 6]


@pytest.mark.django_db(transaction=True)
def test_concurrent_same_token_creates_one(student, section):
    token = uuid.uuid4()
    barrier = threading.Barrier(2)
    results = []

    def upload():
        try:
            barrier.wait()
            outcome, created = create(student, section, client_token=token)
            results.append((outcome.pk, created))
        finally:
            connection.close()

    threads = [threading.Thread(target=upload) for _number in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert CourseOutcome.objects.count() == 1
    assert sorted(created for _pk, created in results) == [False, True]
    assert len({pk for pk, _created in results}) == 1
