"""Shared fixtures: named personas of a small school."""

import pytest

from tests.factories import SchoolClassFactory, StaffFactory, StudentFactory


@pytest.fixture
def homeroom_teacher(db):
    return StaffFactory(staff_code="T9100", name="林導師", job_title="專任教師")


@pytest.fixture
def school_class(homeroom_teacher):
    return SchoolClassFactory(academic_year=113, code="101", homeroom_teacher=homeroom_teacher)


@pytest.fixture
def student(school_class):
    return StudentFactory(student_number="1139001", name="王小明", school_class=school_class)


@pytest.fixture
def classmate(school_class):
    return StudentFactory(student_number="1139002", name="陳小華", school_class=school_class)


@pytest.fixture
def registry_head(db):
    return StaffFactory(staff_code="T9008", name="金組長", job_title="註冊組長")


@pytest.fixture
def registry_clerk(db):
    return StaffFactory(staff_code="T9017", name="田幹事", job_title="註冊組幹事")


@pytest.fixture
def project_assistant(db):
    return StaffFactory(staff_code="T9025", name="姜助理", job_title="專案助理")


@pytest.fixture
def dean(db):
    return StaffFactory(staff_code="T9002", name="潘主任", job_title="教務主任")


@pytest.fixture
def outsider(db):
    return StaffFactory(staff_code="T9099", name="路人甲", job_title="專任教師")


def pytest_collection_modifyitems(items):
    """Give every transactional test serialized_rollback.

    A transactional test empties every table when it ends, including the task
    items, proxy chains and content types that migrations create. With
    serialized_rollback, each transactional test starts from the migrated
    state again, so the order the tests run in does not matter.
    """
    for item in items:
        marker = item.get_closest_marker("django_db")
        if marker is None or not marker.kwargs.get("transaction"):
            continue
        if marker.kwargs.get("serialized_rollback"):
            continue
        kwargs = {**marker.kwargs, "serialized_rollback": True}
        item.add_marker(pytest.mark.django_db(*marker.args, **kwargs), append=False)
