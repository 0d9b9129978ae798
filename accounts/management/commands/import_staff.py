"""Import the staff list (教師代號, 姓名, 處室, 職稱, 電子郵件, 任教科目)."""

from accounts.imports import StaffResource
from accounts.management.commands._import_people import PeopleImportCommand


class Command(PeopleImportCommand):
    help = "Import or update staff and their accounts from a CSV or XLSX staff list."

    def make_resource(self, options):
        return StaffResource()
