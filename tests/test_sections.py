import datetime

import pytest

from accounts.models import Absence, ProxyRank, TaskAssignment, TaskItem
from accounts.services.acting import EXECUTIVE_SECRETARY
from portfolio.roc import TAIPEI
from records.models import Section, SectionCover, Term
from records.services.sections import sections_for_teacher, who_certifies
from tests.factories import SchoolClassFactory, StaffFactory

NOON = datetime.datetime(2024, 10, 1, 12, 0, tzinfo=TAIPEI)
DAY = NOON.date()


@pytest.fixture
def teacher(db):
    return StaffFactory(staff_code="T0032", name="宋宇翰")


@pytest.fixture
def substitute(db):
    return StaffFactory(staff_code="T0060", name="代課甲", job_title="代理教師")


@pytest.fixture
def section(teacher, school_class):
    term = Term.objects.create(academic_year=113, semester=1)
    return Section.objects.create(
        term=term,
        course_code="S00",
        name="國語文",
        category=Section.Category.NATIONAL_REQUIRED,
        credits=4,
        school_class=school_class,
        teacher=teacher,
    )


def absent(staff, at=NOON):
    Absence.objects.create(
        staff=staff,
        starts_at=at - datetime.timedelta(hours=4),
        ends_at=at + datetime.timedelta(hours=4),
        reason="病假",
    )


def cover(section, substitute, starts_on=DAY, ends_on=None):
    return SectionCover.objects.create(
        section=section, substitute=substitute, starts_on=starts_on, ends_on=ends_on
    )


def test_who_certifies_teacher_when_present(section, teacher, substitute):
    cover(section, substitute)
    acting = who_certifies(section, NOON)
    assert acting.rank == ProxyRank.OWNER
    assert acting.staff == (teacher,)
    assert acting.acting_for is None


def test_who_certifies_substitute_when_teacher_absent(section, teacher, substitute):
    cover(section, substitute)
    absent(teacher)
    acting = who_certifies(section, NOON)
    assert acting.rank == ProxyRank.FIRST_PROXY
    assert acting.staff == (substitute,)
    assert acting.acting_for == teacher


def test_who_certifies_ignores_cover_of_other_days(section, teacher, substitute, dean):
    cover(section, substitute, starts_on=DAY + datetime.timedelta(days=1))
    cover(
        section,
        substitute,
        starts_on=DAY - datetime.timedelta(days=9),
        ends_on=DAY - datetime.timedelta(days=1),
    )
    absent(teacher)
    acting = who_certifies(section, NOON)
    assert acting.staff == (dean,)


def test_who_certifies_departed_teacher_in_grace(section, teacher):
    teacher.employment_end = DAY - datetime.timedelta(days=10)
    teacher.account_grace_until = DAY + datetime.timedelta(days=30)
    teacher.save()
    assert who_certifies(section, NOON).staff == (teacher,)


def test_who_certifies_departed_teacher_after_grace(section, teacher, substitute):
    teacher.employment_end = DAY - datetime.timedelta(days=40)
    teacher.account_grace_until = DAY - datetime.timedelta(days=1)
    teacher.save()
    cover(section, substitute, starts_on=DAY - datetime.timedelta(days=40))
    acting = who_certifies(section, NOON)
    assert acting.staff == (substitute,)
    assert acting.acting_for == teacher


def test_who_certifies_secretary_without_substitute(section, teacher, dean):
    absent(teacher)
    acting = who_certifies(section, NOON)
    assert acting.rank == EXECUTIVE_SECRETARY
    assert acting.staff == (dean,)
    assert acting.acting_for == teacher


def test_who_certifies_chain_before_secretary(section, teacher, dean, registry_head):
    task_item = TaskItem.objects.get(code="course-outcomes")
    TaskAssignment.objects.create(
        task_item=task_item, rank=ProxyRank.FIRST_PROXY, staff=registry_head
    )
    absent(teacher)
    acting = who_certifies(section, NOON)
    assert acting.staff == (registry_head,)
    assert acting.acting_for == teacher


def test_who_certifies_absent_substitute_skipped(section, teacher, substitute, dean):
    cover(section, substitute)
    absent(teacher)
    absent(substitute)
    assert who_certifies(section, NOON).staff == (dean,)


def test_who_certifies_nobody(section, teacher):
    absent(teacher)
    acting = who_certifies(section, NOON)
    assert acting.rank is None
    assert acting.staff == ()


def test_who_certifies_constant_queries(
    section, teacher, substitute, dean, django_assert_max_num_queries
):
    cover(section, substitute)
    absent(teacher)
    with django_assert_max_num_queries(4):
        who_certifies(section, NOON)


def test_sections_for_teacher_teaches_and_covers(
    section, teacher, substitute, django_assert_num_queries
):
    other_class = SchoolClassFactory(academic_year=113, code="102")
    other = Section.objects.create(
        term=section.term,
        course_code="S00",
        name="國語文",
        category=Section.Category.NATIONAL_REQUIRED,
        credits=4,
        school_class=other_class,
        teacher=substitute,
    )
    cover(section, substitute, ends_on=DAY)
    with django_assert_num_queries(1):
        mine = list(sections_for_teacher(substitute, NOON))
        assert [s.school_class.code for s in mine] == ["101", "102"]
    assert mine == [section, other]
    assert list(sections_for_teacher(teacher, NOON)) == [section]
    later = NOON + datetime.timedelta(days=1)
    assert list(sections_for_teacher(substitute, later)) == [other]


def test_sections_for_teacher_by_term(section, teacher):
    spring = Term.objects.create(academic_year=113, semester=2)
    assert list(sections_for_teacher(teacher, NOON, term=spring)) == []
    assert list(sections_for_teacher(teacher, NOON, term=section.term)) == [section]
