"""A student uploads report.pdf from a phone-sized screen in Chromium and sees it listed."""

# The fixtures term, course_teacher and section come from tests.outcome_setup.
# ruff: noqa: F811

import pytest

from records.models import CourseOutcome
from tests.outcome_setup import (
    course_teacher,  # noqa: F401
    open_upload_window_today,
    section,  # noqa: F401
    term,  # noqa: F401
)
from tests.uploads_samples import UPLOADS


@pytest.mark.browser
# serialized_rollback restores the task items that a migration loads, which the
# flush after a transactional test would otherwise remove for later tests.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_student_upload_report_on_phone(live_server, phone_page, log_in, student, section):
    # The live server runs on the real clock, so the term and window move to today.
    open_upload_window_today(section.term)
    page = phone_page
    log_in(page, student.user, "/student/")

    assert "已上傳 0/6" in page.get_by_test_id("outcome-counter").inner_text()
    page.get_by_role("link", name="上傳課程學習成果").click()
    page.wait_for_url(f"{live_server.url}/student/outcomes/new/")

    page.select_option("select[name=section]", str(section.pk))
    page.fill("input[name=title]", "熱傳導實驗報告")
    page.fill("textarea[name=summary]", "比較三種材料的導熱係數。")
    assert page.locator("#summary-counter").inner_text() == "12 / 100 字"
    page.set_input_files("input[name=document]", str(UPLOADS / "report.pdf"))
    page.get_by_role("button", name="上傳並送交認證").click()

    page.wait_for_url(f"{live_server.url}/student/")
    assert "已上傳並送交老師認證" in page.locator("main").inner_text()
    assert "已上傳 1/6" in page.get_by_test_id("outcome-counter").inner_text()
    item = page.get_by_test_id("outcome")
    assert "熱傳導實驗報告" in item.inner_text()
    assert item.get_by_test_id("outcome-status").inner_text() == "待認證"
    assert "report.pdf" in item.inner_text()
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= page.viewport_size["width"], "the page scrolls sideways on a phone"
    assert CourseOutcome.objects.get(student=student).document.original_name == "report.pdf"
