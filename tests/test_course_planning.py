"""Course-planning assessments by the guidance office and elective names by the curriculum
section."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from audit.models import AuditEntry
from portfolio.roc import TAIPEI
from records.models import CoursePlanningAssessment, Enrolment, Section, Term
from records.services import course_planning, electives
from tests.factories import SchoolClassFactory, StaffFactory, StudentFactory

NOON = datetime.datetime(2024, 10, 1, 12, 0, tzinfo=TAIPEI)


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOON, tick=False):
        yield


@pytest.fixture
def guidance_head(db):
    return StaffFactory(staff_code="T9401", name="何組長", job_title="輔導組長")


@pytest.fixture
def curriculum_head(db):
    return StaffFactory(staff_code="T9402", name="曾組長", job_title="教學組長")


@pytest.fixture
def term(db):
    return Term.objects.create(academic_year=113, semester=1)


def test_career_clusters_has_18_choices():
    assert len(course_planning.CAREER_CLUSTERS) == 18
    assert len(course_planning.CLUSTER_LABELS) == 18


def test_save_assessment_creates_and_logs(student, guidance_head):
    assessment = course_planning.save_assessment(
        student, 113, ["engineering", "information"], " 喜歡寫程式 ", guidance_head.user
    )
    assert assessment.career_clusters == ["information", "engineering"]
    assert assessment.notes == "喜歡寫程式"
    entry = AuditEntry.objects.get(action="portfolio.planning.saved")
    assert entry.data["old"] == {}
    assert entry.data["new"] == {
        "career_clusters": ["information", "engineering"],
        "notes": "喜歡寫程式",
    }


def test_save_assessment_update_logs_old_and_new(student, guidance_head):
    course_planning.save_assessment(student, 113, ["arts"], "", guidance_head.user)
    course_planning.save_assessment(student, 113, ["education"], "想當老師", guidance_head.user)
    assert CoursePlanningAssessment.objects.filter(student=student).count() == 1
    entry = AuditEntry.objects.filter(action="portfolio.planning.saved").order_by("id").last()
    assert entry.data["old"]["career_clusters"] == ["arts"]
    assert entry.data["new"]["career_clusters"] == ["education"]


def test_save_assessment_unchanged_writes_no_entry(student, guidance_head):
    course_planning.save_assessment(student, 113, ["arts"], "", guidance_head.user)
    course_planning.save_assessment(student, 113, ["arts"], "", guidance_head.user)
    assert AuditEntry.objects.filter(action="portfolio.planning.saved").count() == 1


def test_save_assessment_rejects_unknown_cluster(student, guidance_head):
    with pytest.raises(ValidationError) as error:
        course_planning.save_assessment(student, 113, ["astrology"], "", guidance_head.user)
    assert "astrology" in str(error.value)
    assert not CoursePlanningAssessment.objects.exists()


def test_assessment_list_shows_class_for_owner(client, guidance_head, student):
    course_planning.save_assessment(student, 113, ["arts"], "", guidance_head.user)
    client.force_login(guidance_head.user)
    response = client.get(reverse("course_planning_list"))
    assert response.status_code == 200
    page = response.content.decode()
    assert student.name in page
    assert "藝術" in page


def test_assessment_list_denies_outsider(client, outsider, student):
    client.force_login(outsider.user)
    assert client.get(reverse("course_planning_list")).status_code == 403


def test_assessment_list_queries_constant(
    client, guidance_head, school_class, django_assert_max_num_queries
):
    for seat in range(1, 31):
        StudentFactory(school_class=school_class, seat_number=seat)
    client.force_login(guidance_head.user)
    with django_assert_max_num_queries(20):
        assert client.get(reverse("course_planning_list")).status_code == 200


def test_assessment_edit_saves_with_acting_rank(client, guidance_head, student):
    client.force_login(guidance_head.user)
    url = reverse("course_planning_edit", args=[student.pk])
    response = client.post(url, {"career_clusters": ["medicine_health"], "notes": "想讀醫學系"})
    assert response.status_code == 302
    assessment = CoursePlanningAssessment.objects.get(student=student, academic_year=113)
    assert assessment.career_clusters == ["medicine_health"]
    assert assessment.updated_by == guidance_head.user
    entry = AuditEntry.objects.get(action="portfolio.planning.saved")
    assert entry.acting_rank == "0"


def test_assessment_edit_rejects_invalid_cluster(client, guidance_head, student):
    client.force_login(guidance_head.user)
    url = reverse("course_planning_edit", args=[student.pk])
    response = client.post(url, {"career_clusters": ["astrology"]})
    assert response.status_code == 200
    assert "astrology" in response.content.decode()
    assert not CoursePlanningAssessment.objects.exists()


def test_assessment_edit_student_of_past_year_is_404(client, guidance_head):
    old_class = SchoolClassFactory(academic_year=112, code="101")
    old_student = StudentFactory(school_class=old_class)
    client.force_login(guidance_head.user)
    url = reverse("course_planning_edit", args=[old_student.pk])
    assert client.get(url).status_code == 404


def make_section(term, school_class, code, name, category, credits=2):
    return Section.objects.create(
        term=term,
        course_code=code,
        name=name,
        category=category,
        credits=credits,
        school_class=school_class,
        teacher=school_class.homeroom_teacher,
    )


def test_electives_by_student_uses_one_query(
    term, school_class, student, classmate, django_assert_num_queries
):
    robots = make_section(
        term, school_class, "ROB", "機器人專題", Section.Category.DIVERSE_ELECTIVE
    )
    calculus = make_section(term, school_class, "CAL", "微積分", Section.Category.ADVANCED_ELECTIVE)
    physics = make_section(term, school_class, "PHY", "物理", Section.Category.NATIONAL_REQUIRED)
    for section in (robots, calculus, physics):
        Enrolment.objects.create(section=section, student=student)
    Enrolment.objects.create(section=robots, student=classmate)
    with django_assert_num_queries(1):
        rows = electives.electives_by_student(term, school_class)
    names = {row_student.name: [x.name for x in sections] for row_student, sections in rows}
    assert names == {"王小明": ["微積分", "機器人專題"], "陳小華": ["機器人專題"]}


def test_elective_names_page_for_curriculum_head(
    client, curriculum_head, term, school_class, student
):
    robots = make_section(
        term, school_class, "ROB", "機器人專題", Section.Category.DIVERSE_ELECTIVE
    )
    Enrolment.objects.create(section=robots, student=student)
    client.force_login(curriculum_head.user)
    response = client.get(reverse("elective_names"), {"term": term.pk, "class": school_class.pk})
    assert response.status_code == 200
    assert "機器人專題" in response.content.decode()


def test_elective_names_page_denies_guidance_head(client, guidance_head, term):
    client.force_login(guidance_head.user)
    assert client.get(reverse("elective_names")).status_code == 403
