"""Who certifies a section's course outcomes, and which sections a teacher works on.

The section's teacher certifies when available. Otherwise a substitute
teacher who covers the section that day certifies, and failing that the person
who acts for the "course-outcomes" task item through its proxy chain, which
ends with the task group's executive secretary.

Availability follows accounts.services.acting: the account is active that day
(Staff.account_active_on, so a departed teacher within the grace period still
counts), the login is active and no absence covers the moment.
"""

import dataclasses
import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from accounts.models import ProxyRank, Staff, TaskItem
from accounts.services.acting import Acting, absent_staff_ids, is_available, who_acts
from portfolio import roc
from records.models import Section, SectionCover, Term

COURSE_OUTCOMES_TASK_ITEM = "course-outcomes"


def covers_on(day: datetime.date) -> Q:
    """Return a filter on SectionCover for covers that include the day."""
    return Q(starts_on__lte=day) & (Q(ends_on__isnull=True) | Q(ends_on__gte=day))


def who_certifies(section: Section, at: datetime.datetime | None = None) -> Acting:
    """Return who certifies the section's course outcomes at the moment at (now when omitted).

    The Acting record's owners hold the section's teacher, so a substitute's or
    proxy's certification is recorded as done on the teacher's behalf.
    """
    at = at or timezone.now()
    day = roc.to_taipei(at).date()
    teacher = Staff.objects.select_related("user").get(pk=section.teacher_id)
    substitutes = [
        cover.substitute
        for cover in SectionCover.objects.filter(covers_on(day), section_id=section.pk)
        .select_related("substitute__user")
        .order_by("starts_on", "id")
    ]
    absent = absent_staff_ids({teacher.id, *(person.id for person in substitutes)}, at)
    owners = (teacher,)

    if is_available(teacher, absent, day):
        return Acting(rank=ProxyRank.OWNER, staff=(teacher,), owners=owners)

    available_substitutes = []
    for person in substitutes:
        if is_available(person, absent, day) and person not in available_substitutes:
            available_substitutes.append(person)
    if available_substitutes:
        return Acting(rank=ProxyRank.FIRST_PROXY, staff=tuple(available_substitutes), owners=owners)

    task_item = TaskItem.objects.get(code=COURSE_OUTCOMES_TASK_ITEM)
    return dataclasses.replace(who_acts(task_item, at), owners=owners)


def sections_for_teacher(
    staff: Staff, at: datetime.datetime | None = None, term: Term | None = None
) -> QuerySet[Section]:
    """Return the sections staff teaches or covers as a substitute on the day of at.

    Limited to term when given. One query, with term, class and teacher joined.
    """
    at = at or timezone.now()
    day = roc.to_taipei(at).date()
    covering = Q(
        covers__substitute=staff,
        covers__starts_on__lte=day,
    ) & (Q(covers__ends_on__isnull=True) | Q(covers__ends_on__gte=day))
    sections = Section.objects.filter(Q(teacher=staff) | covering)
    if term is not None:
        sections = sections.filter(term=term)
    return sections.select_related("term", "school_class", "teacher").distinct()
