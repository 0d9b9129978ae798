from records.management.commands._import_command import ImportCommand
from records.office_imports import AttendanceResource


class Command(ImportCommand):
    help = (
        "Import attendance summaries (學號, 學年度, 學期 and one column per leave type, such as "
        "公假, 事假, 病假, 喪假, 生理假, 曠課). Students must exist; a missing term is created."
    )
    resource_class = AttendanceResource
