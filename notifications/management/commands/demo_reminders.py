"""Demo only: send every open window's first reminder now, through Celery when it runs."""

from django.core.management.base import BaseCommand

from notifications.tasks import send_demo_reminders


class Command(BaseCommand):
    help = (
        "Send the reminder of every open schedule window now, however far its deadline, "
        "so the demo shows notifications at once. Each person gets it once per window."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--queue", action="store_true", help="Send it to the Celery worker instead of here."
        )

    def handle(self, *args, queue, **options):
        if queue:
            result = send_demo_reminders.delay()
            self.stdout.write(f"Queued task {result.id}.")
            return
        result = send_demo_reminders.apply().get()
        self.stdout.write(f"Reminders: {result}")
