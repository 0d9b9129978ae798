"""Access to a task item's pages: only its owner or the proxy acting right now.

Views of a task item use `task_item_required`, which puts the task item on
`request.task_item` and the Acting record on `request.acting`, so the view can
write "done as first proxy for X" into the audit log with log_action(acting=...).
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from accounts.models import Staff, TaskItem
from accounts.services.acting import Acting, acting_as, who_acts


class TaskItemDenied(Exception):
    """The user may not work on the task item now; carries who acts instead."""

    def __init__(self, task_item: TaskItem, acting_now: Acting | None):
        super().__init__(task_item.code)
        self.task_item = task_item
        self.acting_now = acting_now


def staff_of(user) -> Staff | None:
    """Return the user's staff profile, or None for students and other accounts."""
    if not user.is_authenticated:
        return None
    return getattr(user, "staff", None)


def get_task_item_for_staff(request: HttpRequest, code: str) -> tuple[TaskItem, Acting]:
    """Return the task item with this code and the user's Acting record for it.

    Raises Http404 for an unknown code and TaskItemDenied unless the user is a
    staff member who is the owner or the acting proxy at this moment.
    """
    task_item = get_object_or_404(TaskItem, code=code)
    staff = staff_of(request.user)
    if staff is None:
        raise TaskItemDenied(task_item, acting_now=None)
    acting = acting_as(staff, task_item)
    if acting is None:
        raise TaskItemDenied(task_item, acting_now=who_acts(task_item))
    return task_item, acting


def render_denied(request: HttpRequest, denied: TaskItemDenied) -> HttpResponse:
    """Render the 403 page that names who acts for the task item today."""
    context = {"task_item": denied.task_item, "acting_now": denied.acting_now}
    return render(request, "accounts/task_item_denied.html", context, status=403)


def task_item_required(view):
    """Let a view of a task item run only for its owner or acting proxy.

    The view takes the task item code as keyword argument `code`. A visitor who
    is not logged in is sent to the login page.
    """

    @wraps(view)
    def wrapper(request, *args, code, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        try:
            request.task_item, request.acting = get_task_item_for_staff(request, code)
        except TaskItemDenied as denied:
            return render_denied(request, denied)
        return view(request, *args, code=code, **kwargs)

    return wrapper
