from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from accounts.access import task_item_required
from notifications.services import notices
from portfolio import roc
from submissions.models import PurgeRecord
from submissions.services.purge import upcoming_seals

# The registry's page lists purges due within this many days, overdue ones included.
UPCOMING_PURGE_DAYS = 180


@login_required
def notification_list(request):
    page = Paginator(notices.notifications_for_user(request.user), 30).get_page(
        request.GET.get("page")
    )
    return render(request, "notifications/list.html", {"page": page})


@login_required
@require_POST
def notification_open(request, notification_id):
    """Mark a notification read and follow its link (only a path on this site)."""
    notification = notices.get_notification_for_user(request.user, notification_id)
    notices.mark_read(notification)
    target = notification.url
    if not target or not url_has_allowed_host_and_scheme(target, allowed_hosts=None):
        target = "notification_list"
    return redirect(target)


@login_required
@require_POST
def notification_read_all(request):
    notices.mark_all_read(request.user)
    return redirect("notification_list")


@task_item_required
def upcoming_purges(request, code):
    today = roc.today()
    seals = upcoming_seals(today, UPCOMING_PURGE_DAYS)
    page = Paginator(seals, 50).get_page(request.GET.get("page"))
    records = PurgeRecord.objects.order_by("-purged_on", "-pk")[:20]
    context = {
        "task_item": request.task_item,
        "acting": request.acting,
        "page": page,
        "records": records,
        "today": today,
        "days": UPCOMING_PURGE_DAYS,
    }
    return render(request, "notifications/upcoming_purges.html", context)
