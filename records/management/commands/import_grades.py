from records.management.commands._import_command import ImportCommand
from records.office_imports import GradeResource


class Command(ImportCommand):
    help = (
        "Import subject grades (學號, 學年度, 學期, 科目代碼, 科目名稱, 學分, 成績, optional "
        "成績類別: 補考, 重修, 重讀, 轉學轉科). Students must exist; a missing term is created."
    )
    resource_class = GradeResource
