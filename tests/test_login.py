"""Login, language choice, lockout after repeated failures and password reset."""

import re

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from accounts.models import User

PASSWORD = "correct horse 113"


@pytest.fixture
def staff_with_email(registry_clerk):
    registry_clerk.user.email = "clerk@school.example"
    registry_clerk.user.save()
    return registry_clerk


def test_login_page_in_zh_hant_by_default(client):
    response = client.get(reverse("login"))
    page = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="zh-Hant-TW">' in page
    assert "登入" in page
    assert "Log in" not in page


def test_login_page_ignores_english_browser(client):
    page = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "登入" in page


def test_login_page_in_english_when_chosen(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("login")})
    assert response.status_code == 302
    page = client.get(reverse("login")).content.decode()
    assert '<html lang="en">' in page
    assert "Log in" in page


def test_login_lands_on_role_home(client, student):
    response = client.post(
        reverse("login"), {"username": student.user.username, "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("student_home")
    assert response.context["user"] == student.user


def test_login_wrong_password_names_the_problem(client, student):
    response = client.post(
        reverse("login"), {"username": student.user.username, "password": "wrong"}
    )
    assert response.status_code == 200
    assert "密碼" in response.content.decode()
    assert not response.context["user"].is_authenticated


def test_login_locks_out_after_failure_limit(client, student):
    credentials = {"username": student.user.username, "password": "wrong"}
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert client.post(reverse("login"), credentials).status_code == 200

    locked = client.post(reverse("login"), credentials)
    assert locked.status_code == 429
    assert "registration/locked_out.html" in [t.name for t in locked.templates]
    assert "鎖定" in locked.content.decode()

    right = client.post(reverse("login"), {"username": student.user.username, "password": PASSWORD})
    assert right.status_code == 429
    assert "_auth_user_id" not in client.session


def test_login_lockout_leaves_other_users_alone(client, student, classmate):
    credentials = {"username": student.user.username, "password": "wrong"}
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), credentials)
    response = client.post(
        reverse("login"), {"username": classmate.user.username, "password": PASSWORD}
    )
    assert response.status_code == 302


def test_logout_returns_to_login(client, student):
    client.force_login(student.user)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert response.url == reverse("login")
    assert "_auth_user_id" not in client.session


def test_password_reset_sends_zh_hant_email(client, staff_with_email):
    response = client.post(reverse("password_reset"), {"email": "clerk@school.example"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["clerk@school.example"]
    assert "重設" in message.subject
    assert settings.SCHOOL_NAME in message.subject
    assert "密碼" in message.body
    assert staff_with_email.name in message.body
    assert staff_with_email.user.username in message.body


def test_password_reset_link_sets_new_password(client, staff_with_email):
    client.post(reverse("password_reset"), {"email": "clerk@school.example"})
    link = re.search(r"http://testserver(/reset/\S+/)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    assert form_page.context["validlink"]
    new_password = "new pass phrase 2024"
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": new_password, "new_password2": new_password},
    )
    assert response.status_code == 302
    user = User.objects.get(pk=staff_with_email.user.pk)
    assert user.check_password(new_password)


def test_password_reset_unknown_email_sends_nothing(client, staff_with_email):
    response = client.post(reverse("password_reset"), {"email": "nobody@school.example"})
    assert response.status_code == 302
    assert mail.outbox == []
