from django.urls import reverse

from accounts.roles import grant_staff_roles
from portfolio import roc
from tests.factories import SchoolClassFactory


def test_menu_student_sees_student_links(client, student):
    client.force_login(student.user)
    page = client.get(reverse("student_home")).content.decode()
    assert reverse("performance_list") in page
    assert reverse("selection") in page
    assert reverse("student_receipts") in page
    assert reverse("certification_overview") not in page


def test_menu_homeroom_teacher_sees_class_links(client, homeroom_teacher):
    SchoolClassFactory(
        academic_year=roc.academic_year_of(roc.today()),
        code="101",
        homeroom_teacher=homeroom_teacher,
    )
    grant_staff_roles(homeroom_teacher)
    client.force_login(homeroom_teacher.user)
    page = client.get(reverse("staff_home")).content.decode()
    assert reverse("certification_overview") in page
    assert reverse("homeroom_overview") in page
    assert reverse("selection") not in page


def test_menu_outsider_has_no_class_links(client, outsider):
    client.force_login(outsider.user)
    page = client.get(reverse("staff_home")).content.decode()
    assert reverse("homeroom_overview") not in page
    assert reverse("consultation_home") not in page


def test_language_menu_names_each_language_in_itself(client):
    page = client.get(reverse("login")).content.decode()
    assert ">English</option>" in page
    assert ">繁體中文</option>" in page
