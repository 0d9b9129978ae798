"""The demo school builds from scratch and again without duplicates."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from accounts import demo, roles
from accounts.models import Absence, SchoolClass, Staff, Student, TaskItem
from accounts.national_id import validate_national_id
from accounts.services.acting import who_acts
from accounts.services.chains import chain_places
from portfolio import roc


def seed() -> str:
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


@pytest.fixture
def demo_school(db):
    seed()


def counts():
    return (
        get_user_model().objects.count(),
        Staff.objects.count(),
        Student.objects.count(),
        SchoolClass.objects.count(),
        Absence.objects.count(),
    )


def test_seed_demo_runs_twice_without_duplicates(demo_school):
    first = counts()
    output = seed()
    assert counts() == first
    # 32 in the four classes; the archive demo adds graduates whose portfolios are sealed.
    assert Student.objects.filter(school_class__isnull=False).count() == 32
    assert demo.DEMO_PASSWORD in output
    assert "D0002" in output


def test_seed_demo_classes_in_current_academic_year(demo_school):
    academic_year = roc.academic_year_of(roc.today())
    codes = set(
        SchoolClass.objects.filter(academic_year=academic_year).values_list("code", flat=True)
    )
    assert codes == {"101", "102", "201", "301"}


def test_seed_demo_national_ids_valid(demo_school):
    for student in Student.objects.all():
        validate_national_id(student.national_id)


def test_seed_demo_has_names_outside_big5(demo_school):
    outside = []
    for name in Student.objects.values_list("name", flat=True):
        try:
            name.encode("cp950")
        except UnicodeEncodeError:
            outside.append(name)
    assert "林堃宇" in outside
    assert "許𡘙如" in outside


def test_seed_demo_fills_every_chain_place(demo_school):
    for task_item in TaskItem.objects.filter(per_section=False):
        for place in chain_places(task_item):
            assert place.holders, f"{task_item.code}: nobody holds {place.job_title}"


def test_seed_demo_absence_makes_first_proxy_act(demo_school):
    acting = who_acts(TaskItem.objects.get(code="basic-data"))
    assert [person.staff_code for person in acting.staff] == ["D0007"]
    assert acting.acting_for.staff_code == "D0008"


def test_seed_demo_logins_work(client, demo_school):
    for role, username, _hint in demo.login_rows(list(Student.objects.all())):
        response = client.post(
            reverse("login"), {"username": username, "password": demo.DEMO_PASSWORD}
        )
        assert response.status_code == 302, f"{role} {username} could not log in"
        landing = client.get(response.url)
        assert landing.status_code in (200, 302), f"{role} {username}: {landing.status_code}"
        client.post(reverse("logout"))


def test_seed_demo_grants_roles(demo_school):
    dean = Staff.objects.get(staff_code="D0002").user
    homeroom = Staff.objects.get(staff_code="D0101").user
    assert roles.TASK_GROUP in roles.roles_of(dean)
    assert roles.HOMEROOM_TEACHER in roles.roles_of(homeroom)
    assert roles.COURSE_COUNSELLOR in roles.roles_of(Staff.objects.get(staff_code="D0030").user)
