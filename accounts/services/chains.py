"""A task item's proxy chain for display: each place with the staff in that post."""

from dataclasses import dataclass

from accounts.models import Staff, TaskAssignment, TaskItem


@dataclass(frozen=True)
class ChainPlace:
    """One place in a chain: its rank, its job title and the staff currently in that post."""

    rank: int
    rank_label: str
    job_title: str
    holders: tuple[Staff, ...]


def chain_places(task_item: TaskItem) -> list[ChainPlace]:
    """Return the places of task_item's chain in proxy order, in two queries."""
    assignments = list(TaskAssignment.objects.filter(task_item=task_item).select_related("staff"))
    titles = {a.job_title for a in assignments if a.staff_id is None}
    holders: dict[str, list[Staff]] = {}
    for person in Staff.objects.filter(job_title__in=titles):
        holders.setdefault(person.job_title, []).append(person)
    return [
        ChainPlace(
            rank=a.rank,
            rank_label=a.get_rank_display(),
            job_title=a.staff.job_title if a.staff_id else a.job_title,
            holders=(a.staff,) if a.staff_id else tuple(holders.get(a.job_title, [])),
        )
        for a in assignments
    ]
