from records.management.commands._import_command import ImportCommand
from records.office_imports import CadreResource


class Command(ImportCommand):
    help = (
        "Import cadre records and subject assistants (學號, 學年度, 學期, 幹部類別, 職稱, 單位, "
        "optional 幹部等級, 開始日期, 結束日期). Students must exist; a missing term is created."
    )
    resource_class = CadreResource
