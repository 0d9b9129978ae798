"""A student uploads a diverse performance on a phone-sized screen in Chromium."""

import os

import pytest
import time_machine
from playwright.sync_api import sync_playwright

from records.models import DiversePerformance
from tests.performance_setup import NOON, make_term
from tests.uploads_samples import UPLOADS

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {"width": 390, "height": 844}
SCREENSHOTS = os.environ.get("SCREENSHOT_DIR")


@pytest.fixture
def phone_page():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        context = browser.new_context(
            viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True
        )
        yield context.new_page()
        browser.close()


def log_in(page, live_server, user):
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", "correct horse 113")
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/student/")


def snap(page, name):
    if SCREENSHOTS:
        page.screenshot(path=os.path.join(SCREENSHOTS, f"{name}.png"), full_page=True)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_performance_upload_on_phone(live_server, phone_page, student):
    make_term()
    page = phone_page
    with time_machine.travel(NOON, tick=True):
        log_in(page, live_server, student.user)
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
        assert scroll_width <= PHONE["width"], "the page scrolls sideways on a phone"
    performance = DiversePerformance.objects.get(student=student)
    assert performance.document.original_name == "report.pdf"
