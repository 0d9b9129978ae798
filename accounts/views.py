"""Landing pages per role and the example page of a task item."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render

from accounts import roles
from accounts.access import staff_of, task_item_required
from accounts.models import SchoolClass, TaskItem
from accounts.services.acting import task_items_for, who_acts_for_items
from accounts.services.chains import chain_places
from portfolio import roc


@login_required
def home(request):
    """Send the user to the home page of their role."""
    return redirect(roles.home_url_for(request.user))


def get_staff_for_staff_page(request):
    staff = staff_of(request.user)
    if staff is None:
        raise PermissionDenied
    return staff


def get_task_group_member(request):
    staff = staff_of(request.user)
    if request.user.is_superuser:
        return staff
    if staff is None or roles.TASK_GROUP not in roles.roles_of(request.user):
        raise PermissionDenied
    return staff


def _staff_context(staff):
    academic_year = roc.academic_year_of(roc.today())
    return {
        "staff": staff,
        "academic_year": academic_year,
        "acting_items": task_items_for(staff),
        "homeroom_classes": list(
            SchoolClass.objects.filter(homeroom_teacher=staff, academic_year=academic_year)
        ),
    }


@login_required
def staff_home(request):
    staff = get_staff_for_staff_page(request)
    context = _staff_context(staff)
    context["is_task_group"] = roles.TASK_GROUP in roles.roles_of(request.user)
    return render(request, "accounts/staff_home.html", context)


@login_required
def task_group_home(request):
    staff = get_task_group_member(request)
    items = list(TaskItem.objects.all())
    acting_by_item = who_acts_for_items(items)
    context = _staff_context(staff) if staff is not None else {}
    context["overview"] = [(item, acting_by_item[item.id]) for item in items]
    context["today"] = roc.today()
    return render(request, "accounts/task_group_home.html", context)


@login_required
@task_item_required
def task_item_detail(request, code):
    context = {
        "task_item": request.task_item,
        "acting": request.acting,
        "chain": chain_places(request.task_item),
    }
    return render(request, "accounts/task_item_detail.html", context)
