"""Chromium fixtures for the browser tests: a desktop page, a phone page and a login helper."""

import os

import pytest
from playwright.sync_api import sync_playwright

# Playwright's sync API runs an event loop in the test thread, and Django raises
# SynchronousOnlyOperation on database calls from such a thread unless this is set.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# Debian's Chromium, not a browser downloaded by `playwright install`. The flags
# turn off the sandbox, the GPU, background networking, updates and sync.
CHROMIUM_PATH = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
TEST_PASSWORD = "correct horse 113"  # set by tests.factories for every user


@pytest.fixture
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM_PATH, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    """A desktop-sized page whose browser locale is zh-TW."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-TW")
    return context.new_page()


@pytest.fixture
def phone_page(browser):
    """A phone-sized touch page (390 × 844 CSS pixels) whose browser locale is en-US."""
    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        device_scale_factor=3,
        is_mobile=True,
        has_touch=True,
        locale="en-US",
    )
    return context.new_page()


@pytest.fixture
def log_in(live_server):
    """Return a function that logs a user in on a page and waits for the landing page."""

    def log_in_as(page, user, landing_path):
        page.goto(f"{live_server.url}/login/")
        page.fill("input[name=username]", user.username)
        page.fill("input[name=password]", TEST_PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(f"{live_server.url}{landing_path}")

    return log_in_as
