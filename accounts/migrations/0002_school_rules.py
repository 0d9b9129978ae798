"""Load the school's offices, task items, proxy chains (by job title) and task group seats."""

from django.db import migrations

from accounts import school_rules


def load(apps, schema_editor):
    school_rules.load_school_rules(apps)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
