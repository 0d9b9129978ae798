from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications and scheduled tasks")

    def ready(self):
        # Connects the Student status handler (sealing) and the Celery failure handler.
        from notifications import signals  # noqa: F401
