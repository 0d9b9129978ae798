"""The registry's per-term basic data check and the changes since the previous term."""

import pytest

from accounts.models import Student
from audit.models import AuditEntry
from records.models import BasicDataCheck, StudentTermRecord, Term
from records.services.basic_data import class_statuses, mark_class_checked, previous_term
from tests.factories import SchoolClassFactory, StudentFactory


@pytest.fixture
def terms(db):
    return (
        Term.objects.create(academic_year=113, semester=1),
        Term.objects.create(academic_year=113, semester=2),
    )


def status_of(statuses, code):
    return next(status for status in statuses if status.school_class.code == code)


def test_previous_term_crosses_years(db):
    older = Term.objects.create(academic_year=112, semester=2)
    first = Term.objects.create(academic_year=113, semester=1)
    second = Term.objects.create(academic_year=113, semester=2)
    assert previous_term(second) == first
    assert previous_term(first) == older
    assert previous_term(older) is None


def test_unchecked_class_lists_everyone_as_new(terms, student, classmate):
    statuses = class_statuses(terms[0])
    status = status_of(statuses, "101")
    assert not status.is_checked
    assert [change.student for change in status.changes] == [student, classmate]
    assert all(change.is_new for change in status.changes)


def test_mark_checked_stores_term_records(terms, student, classmate, registry_clerk):
    check = mark_class_checked(terms[0], student.school_class, user=registry_clerk.user)
    assert check.checked_by == registry_clerk.user
    records = StudentTermRecord.objects.filter(term=terms[0])
    assert records.count() == 2
    record = records.get(student=student)
    assert record.class_code == "101"
    assert record.name == student.name
    assert record.status == Student.Status.ENROLLED
    assert class_statuses(terms[0])[0].is_checked
    assert AuditEntry.objects.filter(action="portfolio.basic_data.checked").count() == 1


def test_changes_since_previous_term(terms, student, classmate, registry_clerk):
    mark_class_checked(terms[0], student.school_class, user=registry_clerk.user)
    student.name = "王大明"
    student.status = Student.Status.SUSPENDED
    student.save()
    other = SchoolClassFactory(academic_year=113, code="102")
    classmate.school_class = other
    classmate.save()
    newcomer = StudentFactory(school_class=student.school_class, status="transferred_in")

    statuses = class_statuses(terms[1])
    changes_101 = {c.student: c for c in status_of(statuses, "101").changes}
    assert set(changes_101) == {student, newcomer}
    fields = {field.name: (field.old, field.new) for field in changes_101[student].fields}
    assert fields["name"] == ("王小明", "王大明")
    assert fields["status"] == (
        str(Student.Status.ENROLLED.label),
        str(Student.Status.SUSPENDED.label),
    )
    assert changes_101[newcomer].is_new
    moved = status_of(statuses, "102").changes[0]
    assert moved.student == classmate
    assert [(f.old, f.new) for f in moved.fields] == [("101", "102")]


def test_checking_again_updates_records(terms, student, registry_clerk):
    mark_class_checked(terms[0], student.school_class, user=registry_clerk.user)
    student.name = "王大明"
    student.save()
    mark_class_checked(terms[0], student.school_class, user=registry_clerk.user)
    assert BasicDataCheck.objects.count() == 1
    assert StudentTermRecord.objects.get(student=student).name == "王大明"
    assert AuditEntry.objects.filter(action="portfolio.basic_data.checked").count() == 2


def test_class_statuses_query_count(terms, django_assert_max_num_queries):
    for code in ("101", "102", "103"):
        school_class = SchoolClassFactory(academic_year=113, code=code)
        for _ in range(5):
            StudentFactory(school_class=school_class)
    with django_assert_max_num_queries(5):
        statuses = class_statuses(terms[1])
    assert len(statuses) == 3
