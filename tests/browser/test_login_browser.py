"""A student logs in on a phone-sized screen in Chromium."""

import pytest


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
    assert scroll_width <= page.viewport_size["width"], "the page scrolls sideways on a phone"

    # The menu collapses behind the toggler; opening it shows the log-out button.
    logout = page.get_by_role("button", name="登出")
    assert not logout.is_visible()
    page.click(".navbar-toggler")
    logout.wait_for(state="visible")
    logout.click()
    page.wait_for_url(f"{live_server.url}/login/")
