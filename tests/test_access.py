"""Task item pages open only for the owner or the proxy acting at that moment."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from accounts.models import Absence, ProxyRank, TaskItem
from accounts.services.acting import who_acts
from portfolio.roc import TAIPEI

NOON = datetime.datetime(2024, 10, 1, 12, 0, tzinfo=TAIPEI)
BASIC_DATA_URL = reverse("task_item_detail", kwargs={"code": "basic-data"})


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOON, tick=False):
        yield


@pytest.fixture
def chain(registry_clerk, registry_head, project_assistant, dean):
    """basic-data: registry clerk owns it, registry head is first proxy, then the assistant."""


def absent(staff, around=NOON):
    Absence.objects.create(
        staff=staff,
        starts_at=around - datetime.timedelta(days=1),
        ends_at=around + datetime.timedelta(days=1),
        reason="公假",
    )


def test_task_item_page_allows_owner(client, chain, registry_clerk):
    client.force_login(registry_clerk.user)
    response = client.get(BASIC_DATA_URL)
    assert response.status_code == 200
    assert response.context["acting"].rank == ProxyRank.OWNER
    assert response.context["acting"].acting_for is None


def test_task_item_page_allows_first_proxy_while_owner_absent(
    client, chain, registry_clerk, registry_head
):
    absent(registry_clerk)
    client.force_login(registry_head.user)
    response = client.get(BASIC_DATA_URL)
    assert response.status_code == 200
    assert response.context["acting"].rank == ProxyRank.FIRST_PROXY
    assert response.context["acting"].acting_for == registry_clerk
    assert registry_clerk.name in response.content.decode()


def test_task_item_page_denies_first_proxy_while_owner_present(client, chain, registry_head):
    client.force_login(registry_head.user)
    response = client.get(BASIC_DATA_URL)
    assert response.status_code == 403


def test_task_item_page_denies_proxy_after_absence_ends(
    client, chain, registry_clerk, registry_head
):
    absent(registry_clerk, around=NOON - datetime.timedelta(days=7))
    client.force_login(registry_head.user)
    response = client.get(BASIC_DATA_URL)
    assert response.status_code == 403


def test_task_item_page_denies_second_proxy_while_first_present(
    client, chain, registry_clerk, project_assistant
):
    absent(registry_clerk)
    client.force_login(project_assistant.user)
    response = client.get(BASIC_DATA_URL)
    assert response.status_code == 403


def test_task_item_page_denies_outsider_and_names_who_acts(client, chain, registry_clerk, outsider):
    client.force_login(outsider.user)
    response = client.get(BASIC_DATA_URL)
    assert response.status_code == 403
    page = response.content.decode()
    assert "學生基本資料" in page
    assert registry_clerk.name in page
    assert "原負責人" in page


def test_task_item_page_denies_student(client, chain, student):
    client.force_login(student.user)
    response = client.get(BASIC_DATA_URL)
    assert response.status_code == 403
    assert "田幹事" not in response.content.decode()


def test_task_item_page_denies_superuser_without_staff_profile(client, chain, django_user_model):
    admin = django_user_model.objects.create_superuser("root-admin", "root@school.example", "x")
    client.force_login(admin)
    assert client.get(BASIC_DATA_URL).status_code == 403


def test_task_item_page_unknown_code_is_404(client, chain, registry_clerk):
    client.force_login(registry_clerk.user)
    response = client.get(reverse("task_item_detail", kwargs={"code": "no-such-item"}))
    assert response.status_code == 404


def test_task_item_page_redirects_anonymous_to_login(client, chain):
    response = client.get(BASIC_DATA_URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_task_item_page_shows_chain_holders(client, chain, registry_clerk, project_assistant):
    client.force_login(registry_clerk.user)
    page = client.get(BASIC_DATA_URL).content.decode()
    assert "註冊組長" in page
    assert project_assistant.name in page


def test_task_item_page_query_count_constant(
    client, chain, registry_clerk, django_assert_max_num_queries
):
    client.force_login(registry_clerk.user)
    with django_assert_max_num_queries(15):
        assert client.get(BASIC_DATA_URL).status_code == 200


@pytest.mark.parametrize(
    ("code", "route"),
    [
        ("basic-data", "transfers"),
        ("basic-data", "upcoming_purges"),
        ("course-planning", "course_planning_list"),
        ("elective-names", "elective_names"),
        ("consultation-records", "consultation_assignments"),
        ("receipt-confirmation", "receipt_rounds"),
    ],
)
def test_task_item_page_links_its_pages(client, chain, code, route):
    acting = who_acts(TaskItem.objects.get(code=code))
    assert acting.staff, f"nobody acts for {code} in this test"
    client.force_login(acting.primary.user)
    page = client.get(reverse("task_item_detail", args=[code])).content.decode()
    assert reverse(route) in page
