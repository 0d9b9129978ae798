from records.imports import SectionResource
from records.management.commands._import_command import ImportCommand


class Command(ImportCommand):
    help = (
        "Import course sections (學年度, 學期, 科目代碼, 科目名稱, 課程類別, 學分, 開課班級, "
        "授課教師代號). Staff and classes must exist; a missing term is created."
    )
    resource_class = SectionResource
