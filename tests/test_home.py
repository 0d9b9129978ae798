"""Each role lands on its own home page, which shows only what that role may see."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from accounts import roles
from accounts.models import Absence, TaskItem
from portfolio.roc import TAIPEI

NOON = datetime.datetime(2024, 10, 1, 12, 0, tzinfo=TAIPEI)


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOON, tick=False):
        yield


def landing_of(client, user):
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 302
    return response.url


def test_home_student_lands_on_student_home(client, student):
    assert landing_of(client, student.user) == reverse("student_home")
    page = client.get(reverse("student_home")).content.decode()
    assert student.name in page
    assert student.national_id not in page


def test_home_staff_lands_on_staff_home(client, registry_clerk):
    roles.grant_staff_roles(registry_clerk)
    assert landing_of(client, registry_clerk.user) == reverse("staff_home")


def test_home_dean_lands_on_task_group_home(client, dean):
    assert roles.grant_staff_roles(dean) >= {roles.TASK_GROUP}
    assert landing_of(client, dean.user) == reverse("task_group_home")


def test_home_superuser_lands_on_admin(client, django_user_model):
    admin = django_user_model.objects.create_superuser("site-admin", "a@school.example", "x")
    assert landing_of(client, admin) == reverse("admin:index")


def test_home_anonymous_goes_to_login(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_staff_home_lists_acting_items_with_rank(client, registry_clerk, registry_head, dean):
    client.force_login(registry_clerk.user)
    response = client.get(reverse("staff_home"))
    items = {item.code: acting for item, acting in response.context["acting_items"]}
    assert set(items) == {
        "basic-data",
        "grades",
        "submit-enrolment-grades",
        "submit-outcomes",
        "submit-performances",
    }
    assert "原負責人" in response.content.decode()


def test_staff_home_shows_proxy_rank_while_owner_absent(
    client, registry_clerk, registry_head, dean
):
    Absence.objects.create(
        staff=registry_clerk,
        starts_at=NOON - datetime.timedelta(hours=2),
        ends_at=NOON + datetime.timedelta(hours=2),
    )
    client.force_login(registry_head.user)
    response = client.get(reverse("staff_home"))
    ranks = {item.code: acting.rank_label for item, acting in response.context["acting_items"]}
    assert ranks["basic-data"] == "第一代理人"
    assert ranks["system-maintenance"] == "原負責人"


def test_staff_home_shows_homeroom_class(client, homeroom_teacher, school_class):
    client.force_login(homeroom_teacher.user)
    response = client.get(reverse("staff_home"))
    assert response.context["homeroom_classes"] == [school_class]
    assert "101" in response.content.decode()


def test_staff_home_denies_student(client, student):
    client.force_login(student.user)
    assert client.get(reverse("staff_home")).status_code == 403


def test_student_home_denies_staff(client, registry_clerk):
    client.force_login(registry_clerk.user)
    assert client.get(reverse("student_home")).status_code == 403


def test_task_group_home_lists_who_acts(client, dean, registry_clerk, registry_head):
    roles.grant_staff_roles(dean)
    client.force_login(dean.user)
    response = client.get(reverse("task_group_home"))
    overview = {item.code: acting for item, acting in response.context["overview"]}
    assert overview["basic-data"].staff == (registry_clerk,)
    assert overview["system-maintenance"].staff == (registry_head,)
    assert len(overview) == TaskItem.objects.count()
    assert "113/10/01" in response.content.decode()


def test_task_group_home_denies_other_staff(client, registry_clerk):
    roles.grant_staff_roles(registry_clerk)
    client.force_login(registry_clerk.user)
    assert client.get(reverse("task_group_home")).status_code == 403


def test_task_group_home_query_count_constant(
    client, dean, registry_clerk, registry_head, project_assistant, django_assert_max_num_queries
):
    roles.grant_staff_roles(dean)
    client.force_login(dean.user)
    with django_assert_max_num_queries(25):
        assert client.get(reverse("task_group_home")).status_code == 200


def test_staff_home_query_count_constant(
    client, registry_head, registry_clerk, django_assert_max_num_queries
):
    client.force_login(registry_head.user)
    with django_assert_max_num_queries(15):
        assert client.get(reverse("staff_home")).status_code == 200


def test_roles_of_student_and_staff(student, registry_clerk, homeroom_teacher, school_class):
    roles.grant_staff_roles(registry_clerk)
    roles.grant_staff_roles(homeroom_teacher)
    assert roles.roles_of(student.user) == {roles.STUDENT}
    assert roles.roles_of(registry_clerk.user) == {roles.OFFICE_STAFF}
    assert roles.roles_of(homeroom_teacher.user) == {roles.COURSE_TEACHER, roles.HOMEROOM_TEACHER}


def test_ensure_groups_is_idempotent(db):
    first = roles.ensure_groups()
    second = roles.ensure_groups()
    assert set(first) == set(roles.ROLES)
    assert {g.pk for g in first.values()} == {g.pk for g in second.values()}
