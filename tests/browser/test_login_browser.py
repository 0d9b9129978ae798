"""A student logs in on a phone-sized screen in Chromium."""

import os

import pytest
from playwright.sync_api import sync_playwright

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


@pytest.fixture
def phone_page():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        context = browser.new_context(
            viewport=PHONE, device_scale_factor=3, is_mobile=True, has_touch=True, locale="en-US"
        )
        yield context.new_page()
        browser.close()


@pytest.mark.browser
# serialized_rollback restores the task items that a migration loads, which the
# flush after a transactional test would otherwise remove for later tests.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_login_browser_student_on_phone(live_server, phone_page, student):
    page = phone_page
    page.goto(f"{live_server.url}/login/")

    # zh-Hant although the browser asks for English.
    assert page.locator("h1").inner_text() == "登入"
    page.fill("input[name=username]", student.user.username)
    page.fill("input[name=password]", "correct horse 113")
    page.click("button[type=submit]")

    page.wait_for_url(f"{live_server.url}/student/")
    assert student.name in page.locator("main").inner_text()
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= PHONE["width"], "the page scrolls sideways on a phone"

    # The menu collapses behind the toggler; opening it shows the log-out button.
    logout = page.get_by_role("button", name="登出")
    assert not logout.is_visible()
    page.click(".navbar-toggler")
    logout.wait_for(state="visible")
    logout.click()
    page.wait_for_url(f"{live_server.url}/login/")
