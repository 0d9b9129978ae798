"""The student's selection page: toggles that work with htmx and without JavaScript."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from records.services.performances import student_of
from submissions.services import selection as service


def _year_from(request, student, now) -> int:
    raw = request.GET.get("year") or request.POST.get("year")
    if raw is None:
        return service.default_year(student, now)
    try:
        return int(raw)
    except ValueError:
        raise Http404("Invalid year.") from None


def _render(request, student, year, now, error="", template="submissions/selection.html"):
    page = service.selection_page(student, year, now)
    context = {"page": page, "error": error}
    return render(request, template, context)


@login_required
def selection_page(request):
    student = student_of(request.user)
    now = timezone.now()
    return _render(request, student, _year_from(request, student, now), now)


@login_required
@require_POST
def selection_toggle(request):
    student = student_of(request.user)
    now = timezone.now()
    year = _year_from(request, student, now)
    item_type = request.POST.get("item_type", "")
    try:
        item_id = int(request.POST.get("item_id", ""))
    except ValueError:
        raise Http404("Invalid item.") from None
    error = ""
    try:
        if request.POST.get("action") == "unselect":
            service.unselect_item(student, item_type, item_id, at=now)
        else:
            service.select_item(student, item_type, item_id, year, at=now)
    except service.SelectionError as rejected:
        error = rejected.message
    if request.htmx:
        return _render(request, student, year, now, error, "submissions/_selection_panel.html")
    if error:
        messages.error(request, error)
    return redirect(f"{reverse('selection')}?year={year}")
