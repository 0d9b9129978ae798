"""Load the school's offices, task items, proxy chains (by job title) and task group seats."""

from django.db import migrations

from accounts import school_rules


def load(apps, schema_editor):
    Office = apps.get_model("accounts", "Office")
    TaskItem = apps.get_model("accounts", "TaskItem")
    TaskAssignment = apps.get_model("accounts", "TaskAssignment")
    TaskGroupSeat = apps.get_model("accounts", "TaskGroupSeat")

    for office_name, section_names in school_rules.OFFICES.items():
        office, _ = Office.objects.get_or_create(name=office_name)
        for section_name in section_names:
            Office.objects.get_or_create(name=section_name, defaults={"parent": office})

    for order, row in enumerate(school_rules.TASK_ITEMS):
        code, name, work_group, unit, duties, owners, first, second = row
        item, created = TaskItem.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "work_group": work_group,
                "responsible_unit": unit,
                "duties": duties,
                "per_section": code in school_rules.PER_SECTION_TASK_ITEMS,
                "order": order,
            },
        )
        if not created:
            continue
        for rank, titles in enumerate((owners, first, second)):
            for position, title in enumerate(titles):
                TaskAssignment.objects.create(
                    task_item=item, rank=rank, job_title=title, position=position
                )

    for order, (title, role, job_title) in enumerate(school_rules.TASK_GROUP_SEATS):
        TaskGroupSeat.objects.get_or_create(
            title=title, defaults={"role": role, "job_title": job_title, "order": order}
        )


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
