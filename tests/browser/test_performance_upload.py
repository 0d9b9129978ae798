"""A student uploads a diverse performance on a phone-sized screen in Chromium."""

import os

import pytest
import time_machine

from records.models import DiversePerformance
from tests.performance_setup import NOON, make_term
from tests.uploads_samples import UPLOADS

SCREENSHOTS = os.environ.get("SCREENSHOT_DIR")


def snap(page, name):
    if SCREENSHOTS:
        page.screenshot(path=os.path.join(SCREENSHOTS, f"{name}.png"), full_page=True)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_performance_upload_on_phone(live_server, phone_page, log_in, student):
    make_term()
    page = phone_page
    with time_machine.travel(NOON, tick=True):
        log_in(page, student.user, "/student/")
        page.goto(f"{live_server.url}/student/performances/new/")
        snap(page, "pick-kind")
        page.click("a[href='?kind=service']")
        page.fill("input[name=title]", "淨灘活動")
        page.fill("input[name=organisation]", "桃園市環保局")
        page.fill("input[name=starts_on]", "2024-09-07")
        page.fill("input[name=ends_on]", "2024-09-07")
        page.fill("input[name=hours]", "4.5")
        page.fill("textarea[name=summary]", "和同學一起清理海灘，認識海洋廢棄物問題。")
        assert "/ 100" in page.locator("#summary-counter").inner_text()
        page.set_input_files("input[name=document]", str(UPLOADS / "report.pdf"))
        snap(page, "service-form")
        page.click("#performance-form button[type=submit]")

        page.wait_for_url(f"{live_server.url}/student/performances/")
        snap(page, "list")
        assert "1/20" in page.locator("[data-testid=counter]").inner_text()
        assert "淨灘活動" in page.locator("main").inner_text()
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= page.viewport_size["width"], "the page scrolls sideways on a phone"
    performance = DiversePerformance.objects.get(student=student)
    assert performance.document.original_name == "report.pdf"
