"""Register the periodic tasks in django-celery-beat's schedule, in Taipei time.

Administrators see and change them under Periodic tasks in the admin; this
migration only creates entries that are missing, so their changes survive.
"""

from django.db import migrations

# (name, task, minute, hour)
SCHEDULE = [
    ("Send due reminders", "notifications.tasks.send_due_reminders", "0", "7-21"),
    ("Close receipt confirmation windows", "notifications.tasks.close_receipt_windows", "5", "*"),
    ("Seal departed students", "notifications.tasks.seal_departed", "30", "1"),
    ("Purge sealed portfolios and end expired logins",
     "notifications.tasks.purge_due_portfolios", "30", "2"),
]


def register(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    for name, task, minute, hour in SCHEDULE:
        if PeriodicTask.objects.filter(name=name).exists():
            continue
        crontab, _created = CrontabSchedule.objects.get_or_create(
            minute=minute,
            hour=hour,
            day_of_week="*",
            day_of_month="*",
            month_of_year="*",
            timezone="Asia/Taipei",
        )
        PeriodicTask.objects.create(name=name, task=task, crontab=crontab, enabled=True)
    # Tell a running beat that the schedule changed.
    from django.utils import timezone

    PeriodicTasks.objects.update_or_create(ident=1, defaults={"last_update": timezone.now()})


def unregister(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(name__in=[name for name, *_rest in SCHEDULE]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(register, unregister)]
