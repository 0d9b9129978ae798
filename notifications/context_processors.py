from django.utils.functional import SimpleLazyObject

from notifications.services.notices import unread_count


def unread_notifications(request):
    """Add the number of unread notifications for the navbar badge.

    The count is lazy, so a page that does not show it runs no query for it.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"unread_notification_count": 0}
    return {"unread_notification_count": SimpleLazyObject(lambda: unread_count(user))}
