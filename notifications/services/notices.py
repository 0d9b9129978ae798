"""The in-site notification list: sending by hand, unread counts and marking as read."""

from collections.abc import Iterable

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from notifications.models import Notification


def notify(users: Iterable, *, title: str, body: str, url: str, key: str) -> int:
    """Send one site notification to each user, at most once per user and key.

    A repeated call with the same key (a double click, a retry) sends nothing
    new. Returns how many users the call notified; two calls racing with the
    same key may both count a user, but the database stores one notification.
    """
    users = list(users)
    already = set(
        Notification.objects.filter(user__in=users, key=key).values_list("user_id", flat=True)
    )
    created = Notification.objects.bulk_create(
        [
            Notification(user=user, title=title, body=body, url=url, key=key)
            for user in users
            if user.pk not in already
        ],
        ignore_conflicts=True,
    )
    return len(created)


def notifications_for_user(user) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user)


def unread_count(user) -> int:
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def get_notification_for_user(user, notification_id: int) -> Notification:
    """Return the user's own notification; another user's id raises Http404."""
    return get_object_or_404(Notification, pk=notification_id, user=user)


def mark_read(notification: Notification) -> None:
    if notification.read_at is None:
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=timezone.now()
        )


def mark_all_read(user) -> int:
    """Mark every unread notification of the user as read and return how many changed."""
    return Notification.objects.filter(user=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
