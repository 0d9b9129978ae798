"""certify() and reject(): who may decide, when, and what each decision records."""

import datetime
import threading

import pytest
import time_machine
from django.db import connection

from accounts.models import Absence
from accounts.services.acting import EXECUTIVE_SECRETARY
from audit.models import AuditEntry
from portfolio.roc import TAIPEI
from records.models import CertificationDecision, CourseOutcome, ScheduleWindow, SectionCover
from records.services.certification import (
    CERTIFIED_ACTION,
    REJECTED_ACTION,
    SUBSTITUTE,
    CertificationError,
    acting_rank_label,
    certify,
    reject,
    sections_to_certify,
)
from submissions.models import PortfolioSeal
from tests.certification_setup import NOON, submitted_outcome

# The fixtures of tests.certification_setup: term, section, course_teacher, outcome, ...
pytest_plugins = ["tests.certification_setup"]

REASON = "內容與物理課無關，屬於化學課的實驗報告。"


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOON, tick=False):
        yield


def absent_today(staff):
    Absence.objects.create(
        staff=staff,
        starts_at=NOON - datetime.timedelta(hours=4),
        ends_at=NOON + datetime.timedelta(hours=4),
        reason="病假",
    )


def cover(section, substitute):
    SectionCover.objects.create(
        section=section, substitute=substitute, starts_on=datetime.date(2025, 1, 1)
    )


def reload(outcome):
    outcome.refresh_from_db()
    return outcome


def test_certify_by_teacher_records_decision(outcome, course_teacher):
    result = certify([outcome], course_teacher.user, NOON)

    assert result.certified == [outcome]
    assert result.skipped == []
    assert reload(outcome).status == CourseOutcome.Status.CERTIFIED
    decision = outcome.decisions.get()
    assert decision.decision == CertificationDecision.Decision.CERTIFIED
    assert decision.decided_by == course_teacher.user
    assert decision.acting_for is None
    assert acting_rank_label(decision.acting_rank) == "任課教師"
    assert decision.decided_at == NOON
    assert decision.reason == ""


def test_certify_writes_audit_entry(outcome, course_teacher):
    certify([outcome], course_teacher.user, NOON)

    entry = AuditEntry.objects.get(action=CERTIFIED_ACTION)
    assert entry.actor == course_teacher.user
    assert entry.acting_for is None
    assert entry.target_id == str(outcome.pk)
    assert entry.data["section"] == outcome.section_id


def test_certify_locks_outcome_for_student(outcome, course_teacher):
    assert not outcome.is_locked

    certify([outcome], course_teacher.user, NOON)

    assert reload(outcome).is_locked


def test_certify_bulk_decides_every_selected(outcome, classmate_outcome, course_teacher):
    result = certify([outcome, classmate_outcome], course_teacher.user, NOON)

    assert len(result.certified) == 2
    assert CertificationDecision.objects.count() == 2
    assert AuditEntry.objects.filter(action=CERTIFIED_ACTION).count() == 2
    assert reload(classmate_outcome).status == CourseOutcome.Status.CERTIFIED


def test_certify_twice_decides_once(outcome, course_teacher):
    certify([outcome], course_teacher.user, NOON)
    second = certify([outcome], course_teacher.user, NOON + datetime.timedelta(seconds=1))

    assert second.certified == []
    assert second.skipped == [outcome.pk]
    assert CertificationDecision.objects.count() == 1
    assert AuditEntry.objects.filter(action=CERTIFIED_ACTION).count() == 1


def test_certify_skips_draft(outcome, course_teacher):
    CourseOutcome.objects.filter(pk=outcome.pk).update(status=CourseOutcome.Status.DRAFT)

    result = certify([outcome], course_teacher.user, NOON)

    assert result.skipped == [outcome.pk]
    assert reload(outcome).status == CourseOutcome.Status.DRAFT
    assert not CertificationDecision.objects.exists()


def test_certify_denies_outsider(outcome, outsider):
    with pytest.raises(CertificationError, match="路人甲|張老師"):
        certify([outcome], outsider.user, NOON)

    assert reload(outcome).status == CourseOutcome.Status.SUBMITTED
    assert not CertificationDecision.objects.exists()


def test_certify_denies_student(outcome, student):
    with pytest.raises(CertificationError):
        certify([outcome], student.user, NOON)


def test_certify_mixed_sections_changes_nothing(outcome, other_section, classmate, course_teacher):
    foreign = submitted_outcome(other_section, classmate)

    with pytest.raises(CertificationError):
        certify([outcome, foreign], course_teacher.user, NOON)

    assert reload(outcome).status == CourseOutcome.Status.SUBMITTED
    assert reload(foreign).status == CourseOutcome.Status.SUBMITTED


@pytest.mark.parametrize(
    ("moment", "shown_date"),
    [
        (datetime.datetime(2025, 1, 5, 23, 59, 59, tzinfo=TAIPEI), "114/01/06"),
        (datetime.datetime(2025, 2, 15, 0, 0, 0, tzinfo=TAIPEI), "114/02/14"),
    ],
    ids=["before-opening", "after-closing"],
)
def test_certify_outside_window_rejected(outcome, course_teacher, moment, shown_date):
    with pytest.raises(CertificationError, match=shown_date):
        certify([outcome], course_teacher.user, moment)

    assert reload(outcome).status == CourseOutcome.Status.SUBMITTED


def test_certify_on_last_evening_of_window(outcome, course_teacher):
    last_second = datetime.datetime(2025, 2, 14, 23, 59, 59, tzinfo=TAIPEI)

    result = certify([outcome], course_teacher.user, last_second)

    assert result.certified == [outcome]


def test_certify_uses_grade_window_first(outcome, course_teacher, term):
    ScheduleWindow.objects.create(
        term=term,
        kind=ScheduleWindow.Kind.CERTIFICATION,
        grade=outcome.section.school_class.grade,
        starts_on=datetime.date(2025, 1, 20),
        ends_on=datetime.date(2025, 1, 31),
        self_check_on=datetime.date(2025, 1, 25),
    )

    with pytest.raises(CertificationError, match="114/01/20"):
        certify([outcome], course_teacher.user, NOON)


def test_certify_without_window_rejected(outcome, course_teacher):
    ScheduleWindow.objects.filter(kind=ScheduleWindow.Kind.CERTIFICATION).delete()

    with pytest.raises(CertificationError):
        certify([outcome], course_teacher.user, NOON)


def test_certify_substitute_acts_for_absent_teacher(outcome, section, course_teacher, substitute):
    cover(section, substitute)
    absent_today(course_teacher)

    certify([outcome], substitute.user, NOON)

    decision = outcome.decisions.get()
    assert decision.decided_by == substitute.user
    assert decision.acting_for == course_teacher
    assert decision.acting_rank == SUBSTITUTE
    assert acting_rank_label(decision.acting_rank) == "代課教師"
    entry = AuditEntry.objects.get(action=CERTIFIED_ACTION)
    assert entry.acting_for == course_teacher
    assert entry.acting_rank == SUBSTITUTE


def test_certify_denies_substitute_while_teacher_present(
    outcome, section, course_teacher, substitute
):
    cover(section, substitute)

    with pytest.raises(CertificationError, match="張老師"):
        certify([outcome], substitute.user, NOON)


def test_certify_departed_teacher_within_grace(outcome, course_teacher):
    course_teacher.employment_end = datetime.date(2024, 12, 31)
    course_teacher.account_grace_until = datetime.date(2025, 2, 28)
    course_teacher.save()

    certify([outcome], course_teacher.user, NOON)

    decision = outcome.decisions.get()
    assert decision.decided_by == course_teacher.user
    assert decision.acting_for is None


def test_certify_departed_teacher_after_grace_denied(outcome, course_teacher, dean):
    course_teacher.employment_end = datetime.date(2024, 12, 31)
    course_teacher.account_grace_until = datetime.date(2025, 1, 10)
    course_teacher.save()

    with pytest.raises(CertificationError):
        certify([outcome], course_teacher.user, NOON)


def test_certify_proxy_acts_for_departed_teacher(outcome, course_teacher, dean):
    course_teacher.employment_end = datetime.date(2024, 12, 31)
    course_teacher.save()

    certify([outcome], dean.user, NOON)

    decision = outcome.decisions.get()
    assert decision.decided_by == dean.user
    assert decision.acting_for == course_teacher
    assert decision.acting_rank == EXECUTIVE_SECRETARY
    assert acting_rank_label(decision.acting_rank) == "執行秘書"


def test_certify_denies_proxy_while_teacher_present(outcome, course_teacher, dean):
    with pytest.raises(CertificationError):
        certify([outcome], dean.user, NOON)


def test_reject_records_reason(outcome, course_teacher):
    decision = reject(outcome, course_teacher.user, f"  {REASON}\n", NOON)

    assert reload(outcome).status == CourseOutcome.Status.REJECTED
    assert decision.decision == CertificationDecision.Decision.REJECTED
    assert decision.reason == REASON
    assert decision.decided_by == course_teacher.user
    assert decision.decided_at == NOON
    entry = AuditEntry.objects.get(action=REJECTED_ACTION)
    assert entry.data["reason"] == REASON
    assert entry.actor == course_teacher.user


@pytest.mark.parametrize("reason", ["", "   \n"], ids=["empty", "blank"])
def test_reject_requires_reason(outcome, course_teacher, reason):
    with pytest.raises(CertificationError, match="原因|reason"):
        reject(outcome, course_teacher.user, reason, NOON)

    assert reload(outcome).status == CourseOutcome.Status.SUBMITTED
    assert not CertificationDecision.objects.exists()


def test_reject_rejects_long_reason(outcome, course_teacher):
    with pytest.raises(CertificationError, match="500"):
        reject(outcome, course_teacher.user, "字" * 501, NOON)


def test_reject_outside_window_rejected(outcome, course_teacher):
    after = datetime.datetime(2025, 2, 15, 9, 0, tzinfo=TAIPEI)

    with pytest.raises(CertificationError):
        reject(outcome, course_teacher.user, REASON, after)


def test_reject_denies_outsider(outcome, outsider):
    with pytest.raises(CertificationError):
        reject(outcome, outsider.user, REASON, NOON)


def test_reject_certified_outcome_changes_nothing(outcome, course_teacher):
    certify([outcome], course_teacher.user, NOON)

    assert reject(outcome, course_teacher.user, REASON, NOON) is None
    assert reload(outcome).status == CourseOutcome.Status.CERTIFIED
    assert outcome.decisions.count() == 1


def test_reject_then_resubmit_and_certify(outcome, course_teacher):
    reject(outcome, course_teacher.user, REASON, NOON)
    assert not reload(outcome).is_locked

    # The student revises the outcome and sends it again (the upload side sets the status).
    outcome.summary = "補上實驗過程照片與自己的分析。"
    outcome.status = CourseOutcome.Status.SUBMITTED
    outcome.save()
    later = NOON + datetime.timedelta(days=2)
    result = certify([outcome], course_teacher.user, later)

    assert result.certified == [outcome]
    assert reload(outcome).is_locked
    decisions = list(outcome.decisions.values_list("decision", flat=True))
    assert decisions == ["certified", "rejected"]


def test_sections_to_certify_lists_own_and_covered(section, other_section, outcome, substitute):
    cover(other_section, substitute)

    teacher_rows = sections_to_certify(section.teacher, NOON)
    substitute_rows = sections_to_certify(substitute, NOON)

    assert [(row.section, row.waiting) for row in teacher_rows] == [(section, 1)]
    assert [row.section for row in substitute_rows] == [other_section]
    assert substitute_rows[0].role == "代課教師"
    assert teacher_rows[0].window.is_open


def test_sections_to_certify_lists_proxy_sections(section, outcome, course_teacher, dean):
    absent_today(course_teacher)

    rows = sections_to_certify(dean, NOON)

    assert [(row.section, row.waiting, row.role) for row in rows] == [(section, 1, "代理人")]


def test_sections_to_certify_hides_proxy_sections_with_substitute(
    section, outcome, course_teacher, substitute, dean
):
    absent_today(course_teacher)
    cover(section, substitute)

    assert sections_to_certify(dean, NOON) == []


# serialized_rollback restores the task items that a migration loads, which the
# flush after a transactional test would otherwise remove for later tests.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_certify_two_tabs_at_once_decide_once(section, student, course_teacher):
    """Two requests certify the same outcome at the same moment on separate connections."""
    target = submitted_outcome(section, student)
    barrier = threading.Barrier(2)
    results = []

    def click():
        try:
            copy = CourseOutcome.objects.select_related(
                "section__term", "section__school_class"
            ).get(pk=target.pk)
            barrier.wait()
            results.append(certify([copy], course_teacher.user, NOON))
        finally:
            connection.close()

    threads = [threading.Thread(target=click) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(len(result.certified) for result in results) == [0, 1]
    assert CertificationDecision.objects.filter(outcome=target).count() == 1


def test_certify_skips_sealed_portfolio(outcome, course_teacher):
    PortfolioSeal.objects.create(
        student=outcome.student,
        sealed_on=NOON.date(),
        reason="graduated",
        purge_due_on=NOON.date().replace(year=2028),
    )
    result = certify([outcome], course_teacher.user, NOON)
    outcome.refresh_from_db()
    assert result.skipped == [outcome.pk]
    assert outcome.status == CourseOutcome.Status.SUBMITTED
