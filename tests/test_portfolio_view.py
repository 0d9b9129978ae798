"""The student's portfolio page: the four parts term by term, constant queries, and who may
see it."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from portfolio.roc import TAIPEI
from records.models import DiversePerformance
from records.services.portfolio_view import collect_portfolio
from tests.factories import StaffFactory, StudentFactory
from tests.portfolio_setup import fill_portfolio

NOON = datetime.datetime(2024, 10, 1, 12, 0, tzinfo=TAIPEI)


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOON, tick=False):
        yield


def count_queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_collect_portfolio_groups_items_by_year_and_term(student):
    fill_portfolio(student, 3)
    with translation.override("en"):
        portfolio = collect_portfolio(student)
    assert [year.academic_year for year in portfolio.years] == [112, 113]
    year_112 = portfolio.years[0]
    assert [term.semester for term in year_112.term_list] == [1, 2]
    assert year_112.planning_clusters == ["information technology", "engineering"]
    term = year_112.term_list[0]
    assert [section.name for section in term.sections] == ["物理", "機器人專題"]
    assert term.credits == 3
    assert len(term.grades) == 1
    assert len(term.cadres) == 1
    assert len(term.attendance) == 1
    assert term.term_record is not None
    assert [record.content for record in term.consultations] == ["討論選課 1121"]


def test_collect_portfolio_keeps_outcome_decisions_and_office_entries(student):
    fill_portfolio(student, 1)
    term = collect_portfolio(student).years[0].term_list[0]
    statuses = {outcome.title: outcome.status for outcome in term.outcomes}
    assert statuses == {"熱傳導實驗 1131": "certified", "機器人影片 1131": "rejected"}
    rejected = next(outcome for outcome in term.outcomes if outcome.status == "rejected")
    assert rejected.latest_decision.reason == "影片屬於資訊課"
    office = [p for p in term.performances if p.entered_by_office]
    assert [p.title for p in office] == ["校內科展 1131"]


def test_collect_portfolio_puts_termless_performance_under_year(student):
    DiversePerformance.objects.create(
        student=student, academic_year=113, kind="other", title="自主學習計畫", summary="程式"
    )
    year = collect_portfolio(student).years[0]
    assert [p.title for p in year.performances] == ["自主學習計畫"]
    assert year.term_list == []


def test_portfolio_page_queries_same_for_2_and_8_terms(client, student, classmate):
    fill_portfolio(student, 2)
    fill_portfolio(classmate, 8)
    client.force_login(student.user)
    few = count_queries(client, reverse("own_portfolio"))
    client.force_login(classmate.user)
    many = count_queries(client, reverse("own_portfolio"))
    assert few == many


def test_portfolio_page_stays_under_query_budget(client, student, django_assert_max_num_queries):
    fill_portfolio(student, 8)
    client.force_login(student.user)
    with django_assert_max_num_queries(16):
        response = client.get(reverse("own_portfolio"))
    assert response.status_code == 200


def test_portfolio_page_shows_four_parts(client, student):
    fill_portfolio(student, 2)
    client.force_login(student.user)
    response = client.get(reverse("own_portfolio"))
    page = response.content.decode()
    assert "113學年度第1學期" in page
    assert "112學年度第2學期" in page
    assert "熱傳導實驗 1131" in page
    assert "影片屬於資訊課" in page
    assert "校內科展 1131" in page
    assert "學藝股長" in page
    assert "討論選課 1131" in page
    assert "資訊" in page
    assert student.masked_national_id in page
    assert reverse("own_portfolio_pdf") in page


def test_own_portfolio_for_staff_is_404(client, homeroom_teacher):
    client.force_login(homeroom_teacher.user)
    assert client.get(reverse("own_portfolio")).status_code == 404


def test_student_portfolio_allows_homeroom_teacher(client, student, homeroom_teacher):
    fill_portfolio(student, 1)
    client.force_login(homeroom_teacher.user)
    response = client.get(reverse("student_portfolio", args=[student.pk]))
    assert response.status_code == 200
    assert "熱傳導實驗 1131" in response.content.decode()


def test_student_portfolio_hides_from_other_teacher(client, student, outsider):
    client.force_login(outsider.user)
    assert client.get(reverse("student_portfolio", args=[student.pk])).status_code == 404
    assert client.get(reverse("student_portfolio_pdf", args=[student.pk])).status_code == 404


def test_student_portfolio_hides_from_teacher_of_other_class(client, student):
    other_teacher = StaffFactory(name="王導師")
    StudentFactory(school_class__code="102", school_class__homeroom_teacher=other_teacher)
    client.force_login(other_teacher.user)
    assert client.get(reverse("student_portfolio", args=[student.pk])).status_code == 404


def test_student_portfolio_allows_basic_data_owner(client, student, registry_clerk):
    client.force_login(registry_clerk.user)
    assert client.get(reverse("student_portfolio", args=[student.pk])).status_code == 200


def test_student_portfolio_hides_from_present_owners_proxy(
    client, student, registry_clerk, registry_head
):
    client.force_login(registry_head.user)
    assert client.get(reverse("student_portfolio", args=[student.pk])).status_code == 404


def test_student_portfolio_hides_from_classmate(client, student, classmate):
    client.force_login(classmate.user)
    assert client.get(reverse("student_portfolio", args=[student.pk])).status_code == 404


def test_student_portfolio_unknown_id_is_404(client, homeroom_teacher):
    client.force_login(homeroom_teacher.user)
    assert client.get(reverse("student_portfolio", args=[999999])).status_code == 404
