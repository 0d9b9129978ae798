import datetime

import pytest

from accounts.models import Absence, ProxyRank, TaskAssignment, TaskItem
from accounts.services.acting import EXECUTIVE_SECRETARY, acting_as, who_acts
from portfolio.roc import TAIPEI

NOON = datetime.datetime(2024, 10, 1, 12, 0, tzinfo=TAIPEI)


def absent(staff, day=NOON):
    Absence.objects.create(
        staff=staff,
        starts_at=day - datetime.timedelta(hours=4),
        ends_at=day + datetime.timedelta(hours=4),
        reason="病假",
    )


@pytest.fixture
def basic_data(db):
    return TaskItem.objects.get(code="basic-data")


@pytest.fixture
def chain(basic_data, registry_clerk, registry_head, project_assistant, dean):
    """The chain of basic data: registry clerk, registry head, project assistant."""
    return basic_data


def test_who_acts_owner_when_present(chain, registry_clerk):
    acting = who_acts(chain, NOON)
    assert acting.rank == ProxyRank.OWNER
    assert acting.staff == (registry_clerk,)
    assert acting.acting_for is None


def test_who_acts_first_proxy_when_owner_absent(chain, registry_clerk, registry_head):
    absent(registry_clerk)
    acting = who_acts(chain, NOON)
    assert acting.rank == ProxyRank.FIRST_PROXY
    assert acting.staff == (registry_head,)
    assert acting.acting_for == registry_clerk


def test_who_acts_second_proxy_when_two_absent(
    chain, registry_clerk, registry_head, project_assistant
):
    absent(registry_clerk)
    absent(registry_head)
    acting = who_acts(chain, NOON)
    assert acting.rank == ProxyRank.SECOND_PROXY
    assert acting.staff == (project_assistant,)


def test_who_acts_executive_secretary_last(
    chain, registry_clerk, registry_head, project_assistant, dean
):
    for person in (registry_clerk, registry_head, project_assistant):
        absent(person)
    acting = who_acts(chain, NOON)
    assert acting.rank == EXECUTIVE_SECRETARY
    assert acting.staff == (dean,)
    assert acting.acting_for == registry_clerk


def test_who_acts_owner_back_after_absence(chain, registry_clerk):
    absent(registry_clerk)
    later = NOON + datetime.timedelta(hours=5)
    assert who_acts(chain, later).staff == (registry_clerk,)


def test_who_acts_departed_owner_replaced(chain, registry_clerk, registry_head):
    registry_clerk.employment_end = datetime.date(2024, 9, 30)
    registry_clerk.save()
    assert who_acts(chain, NOON).staff == (registry_head,)


def test_who_acts_pinned_staff_wins_over_title(chain, basic_data, registry_clerk, outsider):
    TaskAssignment.objects.filter(task_item=basic_data, rank=ProxyRank.OWNER).update(staff=outsider)
    assert who_acts(chain, NOON).staff == (outsider,)


def test_acting_as_denies_proxy_while_owner_present(chain, registry_head):
    assert acting_as(registry_head, chain, NOON) is None


def test_acting_as_denies_outsider(chain, registry_clerk, outsider):
    absent(registry_clerk)
    assert acting_as(outsider, chain, NOON) is None
