"""A teacher certifies two course outcomes from the queue in Chromium."""

import datetime

import pytest

from portfolio import roc
from records.models import CourseOutcome, ScheduleWindow, Section, Term
from tests.certification_setup import students_with_outcomes
from tests.factories import StaffFactory


@pytest.fixture
def open_section(school_class):
    """A section of the current term whose certification window is open today.

    The live server runs on the real clock, so the term and windows follow today.
    """
    today = roc.today()
    term = Term.objects.create(
        academic_year=roc.academic_year_of(today), semester=roc.semester_of(today)
    )
    for kind in (ScheduleWindow.Kind.OUTCOME_UPLOAD, ScheduleWindow.Kind.CERTIFICATION):
        ScheduleWindow.objects.create(
            term=term,
            kind=kind,
            starts_on=today - datetime.timedelta(days=5),
            ends_on=today + datetime.timedelta(days=5),
            self_check_on=today,
        )
    teacher = StaffFactory(staff_code="T9401", name="吳老師")
    return Section.objects.create(
        term=term,
        course_code="BIO1",
        name="生物",
        category=Section.Category.NATIONAL_REQUIRED,
        credits=2,
        school_class=school_class,
        teacher=teacher,
    )


@pytest.mark.browser
# serialized_rollback restores the task items that a migration loads, which the
# flush after a transactional test would otherwise remove for later tests.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_teacher_certify_two_selected(live_server, page, log_in, open_section):
    first, second, third = students_with_outcomes(open_section, 3)
    teacher = open_section.teacher

    log_in(page, teacher.user, "/staff/")

    page.get_by_role("link", name="開啟認證清單").click()
    page.wait_for_url(f"{live_server.url}/certify/")
    assert page.get_by_test_id("waiting").inner_text() == "3"
    page.get_by_role("link", name="生物").click()
    page.wait_for_url(f"{live_server.url}/certify/section/{open_section.pk}/")

    cards = page.get_by_test_id("outcome")
    assert cards.count() == 3
    assert page.locator(f"#outcome-{first.pk} iframe").count() == 1
    page.check(f"#select-{first.pk}")
    page.check(f"#select-{second.pk}")
    page.get_by_role("button", name="認證所選成果").click()
    page.wait_for_load_state()

    assert "已認證 2 件成果。" in page.get_by_role("alert").first.inner_text()
    for outcome in (first, second):
        status = page.locator(f"#outcome-{outcome.pk} [data-testid=outcome-status]")
        assert status.inner_text() == "已認證"
        decisions = page.locator(f"#outcome-{outcome.pk} [data-testid=decisions]").inner_text()
        assert teacher.name in decisions
    assert page.locator(f"#select-{third.pk}").is_visible()
    assert [o.status for o in CourseOutcome.objects.order_by("pk")] == [
        CourseOutcome.Status.CERTIFIED,
        CourseOutcome.Status.CERTIFIED,
        CourseOutcome.Status.SUBMITTED,
    ]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_teacher_reject_inline_with_reason(live_server, page, log_in, open_section):
    (outcome,) = students_with_outcomes(open_section, 1)
    teacher = open_section.teacher
    log_in(page, teacher.user, "/staff/")
    page.goto(f"{live_server.url}/certify/section/{open_section.pk}/")
    card = page.locator(f"#outcome-{outcome.pk}")

    card.get_by_text("不予認證…").click()
    # Spaces pass the browser's required check, and the server rejects them.
    card.get_by_role("textbox").fill("   ")
    card.get_by_role("button", name="標示為未通過").click()
    card.locator(".errorlist").wait_for()
    card.get_by_role("textbox").fill("這份報告屬於化學課。")
    card.get_by_role("button", name="標示為未通過").click()

    status = page.locator(f"#outcome-{outcome.pk} [data-testid=outcome-status]")
    status.filter(has_text="未通過").wait_for()
    assert "這份報告屬於化學課。" in page.locator(f"#outcome-{outcome.pk}").inner_text()
    outcome.refresh_from_db()
    assert outcome.status == CourseOutcome.Status.REJECTED
