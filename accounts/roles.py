"""Roles as Django groups, what a user's roles are, and where each role lands.

A role only decides which home page and menu a user sees. Access to data is
checked separately: task items through the proxy chain (accounts.access),
students and sections by query scoping in each app.
"""

from django.contrib.auth.models import Group
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import Staff, TaskAssignment, TaskGroupSeat

STUDENT = "student"
COURSE_TEACHER = "course_teacher"
HOMEROOM_TEACHER = "homeroom_teacher"
COURSE_COUNSELLOR = "course_counsellor"
OFFICE_STAFF = "office_staff"
TASK_GROUP = "task_group"
ADMINISTRATOR = "administrator"

# Group name → label, in the order menus list them. The group names are stable
# keys that code and imports use; the labels are what people read.
ROLES = {
    STUDENT: _("student"),
    COURSE_TEACHER: _("course teacher"),
    HOMEROOM_TEACHER: _("homeroom teacher"),
    COURSE_COUNSELLOR: _("course counsellor"),
    OFFICE_STAFF: _("office staff"),
    TASK_GROUP: _("task group"),
    ADMINISTRATOR: _("administrator"),
}

# Job titles of people who teach courses, besides anyone with subjects listed.
TEACHING_TITLES = {"專任教師", "代理教師", "兼任教師", "代課教師", "協同教學教師"}
COUNSELLOR_TITLES = {"課程諮詢教師", "課程諮詢教師召集人", "代理課程諮詢教師"}


def ensure_groups() -> dict[str, Group]:
    """Create the role groups that are missing and return all of them by name."""
    return {name: Group.objects.get_or_create(name=name)[0] for name in ROLES}


def add_roles(user, *roles: str) -> None:
    """Put user in the groups of the given roles, creating the groups if needed."""
    unknown = set(roles) - set(ROLES)
    if unknown:
        raise ValueError(f"Unknown roles {sorted(unknown)}; known roles are {list(ROLES)}.")
    groups = ensure_groups()
    user.groups.add(*(groups[role] for role in roles))


def derived_staff_roles(staff: Staff) -> set[str]:
    """Return the roles that follow from a staff member's job title, classes and seats."""
    roles = set()
    if staff.subjects or staff.job_title in TEACHING_TITLES:
        roles.add(COURSE_TEACHER)
    if staff.homeroom_classes.exists():
        roles.add(HOMEROOM_TEACHER)
    if staff.job_title in COUNSELLOR_TITLES:
        roles.add(COURSE_COUNSELLOR)
    in_chain = Q(staff=staff) | Q(staff__isnull=True, job_title=staff.job_title)
    if TaskAssignment.objects.filter(in_chain).exists():
        roles.add(OFFICE_STAFF)
    seat = Q(staff=staff) | (~Q(job_title="") & Q(job_title=staff.job_title))
    if TaskGroupSeat.objects.filter(seat).exists():
        roles.add(TASK_GROUP)
    return roles


def grant_staff_roles(staff: Staff) -> set[str]:
    """Add the roles derived from the staff record to its user and return them.

    Roles are only added, never removed, so a role an administrator gave by hand
    survives the next import.
    """
    roles = derived_staff_roles(staff)
    if roles:
        add_roles(staff.user, *roles)
    return roles


def roles_of(user) -> set[str]:
    """Return the role names of user: its groups, plus student and administrator
    when the user has a student profile or is a superuser."""
    if not user.is_authenticated:
        return set()
    roles = set(user.groups.filter(name__in=ROLES).values_list("name", flat=True))
    if user.is_superuser:
        roles.add(ADMINISTRATOR)
    if getattr(user, "student", None) is not None:
        roles.add(STUDENT)
    return roles


def home_url_for(user) -> str:
    """Return the URL of the page user lands on after logging in."""
    if not user.is_authenticated:
        return reverse("login")
    if user.is_superuser:
        return reverse("admin:index")
    if getattr(user, "student", None) is not None:
        return reverse("student_home")
    roles = roles_of(user)
    if TASK_GROUP in roles:
        return reverse("task_group_home")
    if getattr(user, "staff", None) is None and ADMINISTRATOR in roles and user.is_staff:
        return reverse("admin:index")
    return reverse("staff_home")
