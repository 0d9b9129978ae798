from records.imports import EnrolmentResource
from records.management.commands._import_command import ImportCommand


class Command(ImportCommand):
    help = (
        "Import enrolments (學年度, 學期, 學號, 科目代碼, 開課班級). "
        "Students and sections must exist."
    )
    resource_class = EnrolmentResource
