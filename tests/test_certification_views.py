"""The certification pages: overview, one section's queue, bulk certify and reject."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Absence
from portfolio.roc import TAIPEI
from records.models import CertificationDecision, CourseOutcome, Section, SectionCover
from tests.certification_setup import NOON, students_with_outcomes, submitted_outcome

# The fixtures of tests.certification_setup: term, section, course_teacher, outcome, ...
pytest_plugins = ["tests.certification_setup"]

REASON = "此報告為化學課作業，請上傳至化學課。"


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOON, tick=False):
        yield


def queue_url(section):
    return reverse("certification_queue", args=[section.pk])


def reject_url(outcome):
    return reverse("certification_reject", args=[outcome.section_id, outcome.pk])


def status_of(outcome):
    outcome.refresh_from_db()
    return outcome.status


def test_overview_lists_only_own_sections(client, section, other_section, outcome, course_teacher):
    client.force_login(course_teacher.user)

    response = client.get(reverse("certification_overview"))

    assert response.status_code == 200
    assert [row.section for row in response.context["rows"]] == [section]
    page = response.content.decode()
    assert queue_url(section) in page
    assert queue_url(other_section) not in page


def test_overview_forbidden_for_student(client, student):
    client.force_login(student.user)

    assert client.get(reverse("certification_overview")).status_code == 403


def test_queue_shows_student_and_preview(client, section, outcome, student, course_teacher):
    client.force_login(course_teacher.user)

    response = client.get(queue_url(section))

    assert response.status_code == 200
    page = response.content.decode()
    assert student.name in page
    assert f"{student.school_class.code} 班 {student.seat_number} 號" in page
    assert outcome.title in page
    assert outcome.summary in page
    preview = reverse("file_preview", args=[outcome.document_id])
    assert f'<iframe src="{preview}"' in page
    assert 'id="certify-form"' in page
    assert 'form="certify-form" name="outcomes"' in page


def test_queue_preview_file_opens_for_teacher(client, section, outcome, course_teacher):
    client.force_login(course_teacher.user)

    response = client.get(reverse("file_preview", args=[outcome.document_id]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    # Reading the whole stream lets the test client close the response safely.
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_queue_of_other_section_not_found(client, other_section, course_teacher, classmate):
    submitted_outcome(other_section, classmate)
    client.force_login(course_teacher.user)

    assert client.get(queue_url(other_section)).status_code == 404


def test_queue_of_unknown_section_not_found(client, section, course_teacher):
    client.force_login(course_teacher.user)

    response = client.get(reverse("certification_queue", args=[section.pk + 1000]))

    assert response.status_code == 404


def test_queue_not_found_for_student(client, section, outcome, student):
    client.force_login(student.user)

    assert client.get(queue_url(section)).status_code == 404


def test_queue_hides_drafts(client, section, outcome, course_teacher):
    CourseOutcome.objects.filter(pk=outcome.pk).update(status=CourseOutcome.Status.DRAFT)
    client.force_login(course_teacher.user)

    response = client.get(queue_url(section))

    assert outcome.title not in response.content.decode()


def test_certify_selected_in_one_request(client, section, course_teacher):
    first, second, third = students_with_outcomes(section, 3)
    client.force_login(course_teacher.user)

    response = client.post(
        reverse("certification_certify", args=[section.pk]),
        {"outcomes": [first.pk, second.pk]},
        follow=True,
    )

    assert response.redirect_chain == [(queue_url(section), 302)]
    assert status_of(first) == CourseOutcome.Status.CERTIFIED
    assert status_of(second) == CourseOutcome.Status.CERTIFIED
    assert status_of(third) == CourseOutcome.Status.SUBMITTED
    messages = [str(message) for message in response.context["messages"]]
    assert any("2" in message for message in messages)
    assert [o.pk for o in response.context["waiting"]] == [third.pk]


def test_certify_selected_twice_decides_once(client, section, outcome, course_teacher):
    client.force_login(course_teacher.user)
    url = reverse("certification_certify", args=[section.pk])

    client.post(url, {"outcomes": [outcome.pk]}, follow=True)
    response = client.post(url, {"outcomes": [outcome.pk]}, follow=True)

    assert CertificationDecision.objects.filter(outcome=outcome).count() == 1
    levels = [message.level_tag for message in response.context["messages"]]
    assert levels == ["info"]


def test_certify_selected_requires_selection(client, section, outcome, course_teacher):
    client.force_login(course_teacher.user)

    response = client.post(reverse("certification_certify", args=[section.pk]), {}, follow=True)

    assert status_of(outcome) == CourseOutcome.Status.SUBMITTED
    assert [message.level_tag for message in response.context["messages"]] == ["error"]


def test_certify_selected_ignores_other_sections_outcome(
    client, section, other_section, outcome, classmate, course_teacher
):
    foreign = submitted_outcome(other_section, classmate)
    client.force_login(course_teacher.user)

    client.post(
        reverse("certification_certify", args=[section.pk]), {"outcomes": [outcome.pk, foreign.pk]}
    )

    assert status_of(foreign) == CourseOutcome.Status.SUBMITTED
    assert status_of(outcome) == CourseOutcome.Status.SUBMITTED


def test_certify_selected_other_section_not_found(client, other_section, classmate, course_teacher):
    foreign = submitted_outcome(other_section, classmate)
    client.force_login(course_teacher.user)

    response = client.post(
        reverse("certification_certify", args=[other_section.pk]), {"outcomes": [foreign.pk]}
    )

    assert response.status_code == 404
    assert status_of(foreign) == CourseOutcome.Status.SUBMITTED


def test_reject_with_reason(client, section, outcome, course_teacher):
    client.force_login(course_teacher.user)

    response = client.post(reject_url(outcome), {f"outcome-{outcome.pk}-reason": REASON})

    assert response.status_code == 302
    assert status_of(outcome) == CourseOutcome.Status.REJECTED
    assert outcome.decisions.get().reason == REASON


def test_reject_without_reason_shows_error(client, section, outcome, course_teacher):
    client.force_login(course_teacher.user)

    response = client.post(reject_url(outcome), {f"outcome-{outcome.pk}-reason": "  "})

    assert response.status_code == 400
    assert status_of(outcome) == CourseOutcome.Status.SUBMITTED
    form = response.context["waiting"][0].reject_form
    assert "reason" in form.errors
    assert '<details class="mt-2" open>' in response.content.decode()


def test_reject_form_hints_not_a_grade(client, section, outcome, course_teacher):
    client.force_login(course_teacher.user)

    page = client.get(queue_url(section)).content.decode()

    assert "認證不是評分" in page


def test_reject_with_htmx_returns_card(client, section, outcome, course_teacher):
    client.force_login(course_teacher.user)

    response = client.post(
        reject_url(outcome),
        {f"outcome-{outcome.pk}-reason": REASON},
        headers={"HX-Request": "true"},
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert page.lstrip().startswith(f'<article class="card" id="outcome-{outcome.pk}"')
    assert REASON in page
    assert status_of(outcome) == CourseOutcome.Status.REJECTED


def test_reject_with_htmx_keeps_errors_in_card(client, section, outcome, course_teacher):
    client.force_login(course_teacher.user)

    response = client.post(
        reject_url(outcome), {f"outcome-{outcome.pk}-reason": ""}, headers={"HX-Request": "true"}
    )

    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    assert status_of(outcome) == CourseOutcome.Status.SUBMITTED


def test_reject_outcome_of_other_section_not_found(
    client, section, other_section, classmate, course_teacher
):
    foreign = submitted_outcome(other_section, classmate)
    client.force_login(course_teacher.user)

    url = reverse("certification_reject", args=[section.pk, foreign.pk])
    response = client.post(url, {f"outcome-{foreign.pk}-reason": REASON})

    assert response.status_code == 404
    assert status_of(foreign) == CourseOutcome.Status.SUBMITTED


def test_queue_before_window_hides_buttons(client, section, outcome, course_teacher):
    before = datetime.datetime(2025, 1, 3, 9, 0, tzinfo=TAIPEI)
    client.force_login(course_teacher.user)

    with time_machine.travel(before, tick=False):
        response = client.get(queue_url(section))

    page = response.content.decode()
    assert "114/01/06" in page
    assert 'id="certify-form"' not in page
    assert reject_url(outcome) not in page


def test_queue_after_window_hides_buttons(client, section, outcome, course_teacher):
    after = datetime.datetime(2025, 2, 20, 9, 0, tzinfo=TAIPEI)

    with time_machine.travel(after, tick=False):
        client.force_login(course_teacher.user)
        response = client.get(queue_url(section))
        posted = client.post(
            reverse("certification_certify", args=[section.pk]),
            {"outcomes": [outcome.pk]},
            follow=True,
        )

    page = response.content.decode()
    assert "114/02/14" in page
    assert 'id="certify-form"' not in page
    assert status_of(outcome) == CourseOutcome.Status.SUBMITTED
    assert [message.level_tag for message in posted.context["messages"]] == ["error"]


def test_queue_substitute_sees_whom_they_act_for(
    client, section, outcome, course_teacher, substitute
):
    SectionCover.objects.create(
        section=section, substitute=substitute, starts_on=datetime.date(2025, 1, 1)
    )
    Absence.objects.create(
        staff=course_teacher,
        starts_at=NOON - datetime.timedelta(days=1),
        ends_at=NOON + datetime.timedelta(days=1),
    )
    client.force_login(substitute.user)

    response = client.get(queue_url(section))
    client.post(reverse("certification_certify", args=[section.pk]), {"outcomes": [outcome.pk]})
    history = client.get(queue_url(section)).content.decode()

    assert course_teacher.name in response.content.decode()
    assert 'data-testid="acting-for"' in response.content.decode()
    assert f"{substitute.name} 以代課教師身分代 {course_teacher.name}" in history


def test_queue_absent_teacher_sees_who_certifies(
    client, section, outcome, course_teacher, substitute
):
    SectionCover.objects.create(
        section=section, substitute=substitute, starts_on=datetime.date(2025, 1, 1)
    )
    Absence.objects.create(
        staff=course_teacher,
        starts_at=NOON - datetime.timedelta(days=1),
        ends_at=NOON + datetime.timedelta(days=1),
    )
    client.force_login(course_teacher.user)

    response = client.get(queue_url(section))

    assert response.status_code == 200
    assert substitute.name in response.content.decode()
    assert 'id="certify-form"' not in response.content.decode()


def test_queue_constant_queries_for_3_and_15_items(client, section, course_teacher):
    client.force_login(course_teacher.user)
    students_with_outcomes(section, 3)
    client.get(queue_url(section))  # Warm the session and the content-type cache.

    with CaptureQueriesContext(connection) as small:
        assert client.get(queue_url(section)).status_code == 200
    outcomes = students_with_outcomes(section, 12, start=4)
    client.post(reverse("certification_certify", args=[section.pk]), {"outcomes": [outcomes[0].pk]})
    with CaptureQueriesContext(connection) as large:
        assert client.get(queue_url(section)).status_code == 200

    assert len(large) == len(small)


def test_overview_constant_queries_for_1_and_4_sections(
    client, term, school_class, course_teacher, django_assert_max_num_queries
):

    def add_section(code):
        section = Section.objects.create(
            term=term,
            course_code=code,
            name=f"課程{code}",
            category=Section.Category.NATIONAL_REQUIRED,
            credits=2,
            school_class=school_class,
            teacher=course_teacher,
        )
        students_with_outcomes(section, 2, start=int(code[-1]) * 10)

    client.force_login(course_teacher.user)
    add_section("X1")
    client.get(reverse("certification_overview"))
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("certification_overview"))
    for code in ("X2", "X3", "X4"):
        add_section(code)
    with CaptureQueriesContext(connection) as four:
        response = client.get(reverse("certification_overview"))

    assert len(response.context["rows"]) == 4
    assert len(four) == len(one)


def test_staff_home_links_certification(client, course_teacher):
    client.force_login(course_teacher.user)

    page = client.get(reverse("staff_home")).content.decode()

    assert reverse("certification_overview") in page


def test_queue_proxy_certifies_for_departed_teacher(client, section, outcome, course_teacher, dean):
    course_teacher.employment_end = datetime.date(2024, 12, 31)
    course_teacher.save()
    client.force_login(dean.user)

    page = client.get(queue_url(section)).content.decode()
    preview = client.get(reverse("file_preview", args=[outcome.document_id]))
    preview_body = b"".join(preview.streaming_content)
    client.post(reverse("certification_certify", args=[section.pk]), {"outcomes": [outcome.pk]})

    assert 'id="certify-form"' in page
    assert preview.status_code == 200
    assert preview_body.startswith(b"%PDF")
    decision = outcome.decisions.get()
    assert decision.decided_by == dean.user
    assert decision.acting_for == course_teacher


def test_queue_not_found_for_proxy_while_teacher_present(client, section, outcome, dean):
    client.force_login(dean.user)

    assert client.get(queue_url(section)).status_code == 404
