"""Diverse-performance pages: the student's list, upload, edit and delete, and office entry."""

import pytest
import time_machine
from django.urls import reverse

from accounts.models import Absence
from audit.models import AuditEntry
from records.models import DiversePerformance
from tests.factories import StaffFactory
from tests.performance_setup import NOON, Kind, fill_slots, make_term, performance_data
from tests.uploads_samples import UPLOADS


@pytest.fixture
def term(db):
    return make_term()


@pytest.fixture
def clock():
    with time_machine.travel(NOON, tick=False):
        yield


@pytest.fixture
def student_client(client, student, term, clock):
    client.force_login(student.user)
    return client


def post_work(client, **changes):
    return client.post(
        reverse("performance_create"), {"kind": Kind.WORK, **performance_data(**changes)}
    )


def test_performance_create_shows_kinds_first(student_client):
    response = student_client.get(reverse("performance_create"))
    assert response.status_code == 200
    for kind in Kind:
        assert f"?kind={kind.value}" in response.text


def test_performance_create_shows_fields_of_kind(student_client):
    response = student_client.get(reverse("performance_create") + "?kind=competition")
    assert 'name="award"' in response.text
    assert 'name="participation"' in response.text
    assert 'name="hours"' not in response.text


def test_performance_create_with_sample_file(student_client, student):
    with (UPLOADS / "期末報告 (最終版)＃1.pdf").open("rb") as document:
        data = {"kind": Kind.SERVICE, **performance_data(Kind.SERVICE, video_url="")}
        response = student_client.post(
            reverse("performance_create"), {**data, "document": document}
        )
    assert response.status_code == 302
    performance = DiversePerformance.objects.get(student=student)
    assert performance.kind == Kind.SERVICE
    assert performance.details == {"organisation": "桃園市環保局", "hours": "4.5"}
    assert performance.document.original_name == "期末報告 (最終版)＃1.pdf"
    listing = student_client.get(reverse("performance_list"))
    assert "期末報告 (最終版)＃1.pdf" in listing.text
    assert reverse("file_preview", args=[performance.document_id]) in listing.text
    preview = student_client.get(reverse("file_preview", args=[performance.document_id]))
    assert preview.status_code == 200


def test_performance_create_keeps_typed_text_on_bad_file(student_client):
    with (UPLOADS / "not-a-pdf.pdf").open("rb") as document:
        data = {"kind": Kind.WORK, **performance_data(video_url="", title="我的作品集")}
        response = student_client.post(
            reverse("performance_create"), {**data, "document": document}
        )
    assert response.status_code == 200
    assert "not-a-pdf.pdf" in response.text
    assert 'value="我的作品集"' in response.text
    assert not DiversePerformance.objects.exists()


def test_performance_create_same_token_once(student_client):
    token = "6f1c2a8e-9d1b-4a57-8f0e-3c2d1b0a9e8f"
    post_work(student_client, client_token=token)
    post_work(student_client, client_token=token)
    assert DiversePerformance.objects.count() == 1


def test_performance_create_closed_window_message(client, student, term):
    client.force_login(student.user)
    with time_machine.travel(NOON.replace(month=12), tick=False):
        response = post_work(client)
    assert response.status_code == 200
    assert 'data-testid="window-closed"' in response.text
    assert not DiversePerformance.objects.exists()


def test_performance_list_counter(student_client, student):
    fill_slots(student, 4)
    response = student_client.get(reverse("performance_list"))
    assert "4/20" in response.text


def test_performance_edit_saves_changes(student_client, student):
    post_work(student_client)
    performance = DiversePerformance.objects.get()
    url = reverse("performance_edit", args=[performance.pk])
    assert student_client.get(url).status_code == 200
    response = student_client.post(url, performance_data(title="修改後的作品"))
    assert response.status_code == 302
    performance.refresh_from_db()
    assert performance.title == "修改後的作品"


def test_performance_delete_frees_slot(student_client, student):
    post_work(student_client)
    performance = DiversePerformance.objects.get()
    url = reverse("performance_delete", args=[performance.pk])
    assert student_client.get(url).status_code == 200
    assert student_client.post(url).status_code == 302
    assert not DiversePerformance.objects.exists()


def test_performance_of_other_student_is_404(student_client, classmate, client):
    fill_slots(classmate, 1)
    other = DiversePerformance.objects.get(student=classmate)
    for name in ("performance_edit", "performance_delete"):
        assert student_client.get(reverse(name, args=[other.pk])).status_code == 404
        assert student_client.post(reverse(name, args=[other.pk])).status_code == 404
    assert DiversePerformance.objects.filter(pk=other.pk).exists()


def test_performance_list_is_404_for_staff(client, outsider, term, clock):
    client.force_login(outsider.user)
    assert client.get(reverse("performance_list")).status_code == 404


@pytest.mark.parametrize("count", [3, 15])
def test_performance_list_query_count_constant(
    student_client, student, count, django_assert_max_num_queries
):
    fill_slots(student, count)
    with django_assert_max_num_queries(9):
        response = student_client.get(reverse("performance_list"))
    assert response.text.count('data-testid="performance"') == count


# Office entry.


@pytest.fixture
def activities_head(db):
    return StaffFactory(staff_code="T9040", name="葉組長", job_title="活動組長")


@pytest.fixture
def student_affairs_clerk(db):
    return StaffFactory(staff_code="T9041", name="朱幹事", job_title="學務處幹事")


def office_post(client, students, **changes):
    data = performance_data(Kind.COMPETITION, **changes)
    return client.post(
        reverse("office_entry", kwargs={"code": "competitions"}), {**data, "students": students}
    )


def test_office_entry_by_acting_proxy(
    client, term, clock, student, classmate, activities_head, student_affairs_clerk
):
    Absence.objects.create(
        staff=activities_head,
        starts_at=NOON.replace(hour=8),
        ends_at=NOON.replace(hour=17),
        reason="公假",
    )
    client.force_login(student_affairs_clerk.user)
    page = client.get(reverse("office_entry", kwargs={"code": "competitions"}))
    assert page.status_code == 200
    assert "葉組長" in page.text
    response = office_post(client, "1139001\r\n\r\n1139002\r\n")
    assert response.status_code == 302
    assert DiversePerformance.objects.filter(entered_under__code="competitions").count() == 2
    entries = AuditEntry.objects.filter(action="portfolio.performance.entered")
    assert {entry.acting_for for entry in entries} == {activities_head}


def test_office_entry_lists_unknown_students(client, term, clock, student, activities_head):
    client.force_login(activities_head.user)
    response = office_post(client, "1139001\n1139998\n1139999")
    assert response.status_code == 200
    assert "1139998" in response.text
    assert "1139999" in response.text
    assert not DiversePerformance.objects.exists()


def test_office_entry_denied_to_outsider(client, term, clock, outsider, activities_head):
    client.force_login(outsider.user)
    response = office_post(client, "1139001")
    assert response.status_code == 403
    assert not DiversePerformance.objects.exists()


def test_office_entry_is_404_for_other_task_items(client, term, clock, registry_clerk):
    client.force_login(registry_clerk.user)
    response = client.get(reverse("office_entry", kwargs={"code": "basic-data"}))
    assert response.status_code == 404
