"""Add the task items for submitting to the central database and confirming receipts."""

from django.db import migrations

from accounts import school_rules


def load(apps, schema_editor):
    school_rules.load_school_rules(apps)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_student_national_id_permission")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
