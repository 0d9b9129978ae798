"""The person acting for a task item at a given moment, found through its proxy chain.

The owner acts when available, else the first proxy, else the second proxy,
else the task group's executive secretary. A person is available when their
account is active on that day (see Staff.account_active_on) and no recorded
absence covers the moment.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Absence, ProxyRank, Staff, TaskAssignment, TaskGroupSeat, TaskItem
from portfolio import roc

EXECUTIVE_SECRETARY = "executive_secretary"

RANK_LABELS = {
    ProxyRank.OWNER: _("owner"),
    ProxyRank.FIRST_PROXY: _("first proxy"),
    ProxyRank.SECOND_PROXY: _("second proxy"),
    EXECUTIVE_SECRETARY: _("executive secretary"),
}


@dataclass(frozen=True)
class Acting:
    """The people who act for a task item at one moment and the rank they act as.

    `staff` lists everyone available at the first rank that has anyone available
    (a task item may have several owners, such as the registry and IT section
    heads for system maintenance). `owners` lists the owners, so a proxy's work
    can be recorded as done on their behalf.
    """

    rank: int | str | None
    staff: tuple[Staff, ...] = ()
    owners: tuple[Staff, ...] = field(default=())

    @property
    def primary(self) -> Staff | None:
        return self.staff[0] if self.staff else None

    @property
    def is_proxy(self) -> bool:
        return self.rank not in (ProxyRank.OWNER, None)

    @property
    def rank_label(self) -> str:
        return str(RANK_LABELS.get(self.rank, _("nobody")))

    @property
    def acting_for(self) -> Staff | None:
        """The owner a proxy acts for, or None when the owner acts."""
        if not self.is_proxy or not self.owners:
            return None
        return self.owners[0]


def absent_staff_ids(staff_ids: Iterable[int], at: datetime.datetime) -> set[int]:
    """Return the ids among staff_ids with an absence covering the moment at."""
    return set(
        Absence.objects.filter(staff_id__in=list(staff_ids), starts_at__lte=at, ends_at__gt=at)
        .values_list("staff_id", flat=True)
        .distinct()
    )


def _candidates_by_rank(task_items: Iterable[TaskItem]) -> dict[int, dict[int, list[Staff]]]:
    """Return, per task item id, the staff at each rank of its chain, in two queries."""
    assignments = list(
        TaskAssignment.objects.filter(task_item__in=list(task_items)).select_related("staff__user")
    )
    titles = {a.job_title for a in assignments if a.staff_id is None}
    holders: dict[str, list[Staff]] = {}
    for person in Staff.objects.filter(job_title__in=titles).select_related("user"):
        holders.setdefault(person.job_title, []).append(person)

    by_item: dict[int, dict[int, list[Staff]]] = {}
    for assignment in assignments:
        people = (
            [assignment.staff] if assignment.staff_id else holders.get(assignment.job_title, [])
        )
        bucket = by_item.setdefault(assignment.task_item_id, {}).setdefault(assignment.rank, [])
        bucket.extend(person for person in people if person not in bucket)
    return by_item


def executive_secretary() -> Staff | None:
    """Return the staff member in the task group's executive secretary seat."""
    seat = (
        TaskGroupSeat.objects.filter(role=TaskGroupSeat.Role.EXECUTIVE_SECRETARY)
        .select_related("staff")
        .first()
    )
    if seat is None:
        return None
    if seat.staff_id:
        return seat.staff
    if seat.job_title:
        return Staff.objects.filter(job_title=seat.job_title).order_by("staff_code").first()
    return None


def is_available(person: Staff, absent: set[int], day: datetime.date) -> bool:
    """Return whether person can act on day, given the ids of staff absent at that moment."""
    return person.id not in absent and person.account_active_on(day) and person.user.is_active


def _available(people: list[Staff], absent: set[int], day: datetime.date) -> list[Staff]:
    return [person for person in people if is_available(person, absent, day)]


def who_acts(task_item: TaskItem, at: datetime.datetime | None = None) -> Acting:
    """Return who acts for task_item at the moment at (now when omitted)."""
    return who_acts_for_items([task_item], at)[task_item.id]


def who_acts_for_items(
    task_items: Iterable[TaskItem], at: datetime.datetime | None = None
) -> dict[int, Acting]:
    """Return who acts for each task item at the moment at, keyed by task item id.

    The number of queries does not grow with the number of task items.
    """
    task_items = list(task_items)
    at = at or timezone.now()
    day = roc.to_taipei(at).date()
    chains = _candidates_by_rank(task_items)
    everyone = [
        person for by_rank in chains.values() for people in by_rank.values() for person in people
    ]
    secretary = executive_secretary()
    if secretary is not None:
        everyone.append(secretary)
    absent = absent_staff_ids({p.id for p in everyone}, at)
    secretary_available = secretary is not None and bool(_available([secretary], absent, day))

    result = {}
    for item in task_items:
        by_rank = chains.get(item.id, {})
        result[item.id] = _acting_from_chain(by_rank, absent, day, secretary, secretary_available)
    return result


def _acting_from_chain(by_rank, absent, day, secretary, secretary_available) -> Acting:
    owners = tuple(by_rank.get(ProxyRank.OWNER, []))
    for rank in sorted(by_rank):
        available = _available(by_rank[rank], absent, day)
        if available:
            return Acting(rank=ProxyRank(rank), staff=tuple(available), owners=owners)
    if secretary_available:
        return Acting(rank=EXECUTIVE_SECRETARY, staff=(secretary,), owners=owners)
    return Acting(rank=None, staff=(), owners=owners)


def acting_as(
    staff: Staff | None, task_item: TaskItem, at: datetime.datetime | None = None
) -> Acting | None:
    """Return the Acting record when staff may act for task_item at that moment, else None."""
    if staff is None:
        return None
    acting = who_acts(task_item, at)
    if any(person.id == staff.id for person in acting.staff):
        return acting
    return None


def task_items_for(
    staff: Staff, at: datetime.datetime | None = None
) -> list[tuple[TaskItem, Acting]]:
    """Return the task items staff acts for at that moment, with the rank they act as."""
    secretary = executive_secretary()
    if secretary is not None and secretary.id == staff.id:
        items = TaskItem.objects.filter(per_section=False)
    else:
        items = TaskItem.objects.filter(
            Q(assignments__staff=staff)
            | Q(assignments__job_title=staff.job_title, assignments__staff__isnull=True)
        ).distinct()
    items = list(items)
    acting_by_item = who_acts_for_items(items, at)
    return [
        (item, acting_by_item[item.id])
        for item in items
        if any(person.id == staff.id for person in acting_by_item[item.id].staff)
    ]
