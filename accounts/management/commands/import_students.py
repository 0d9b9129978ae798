"""Import the student roster (學號, 班級, 座號, 姓名, 性別, 出生日期, 身分證字號, …)."""

from accounts.imports import StudentResource
from accounts.management.commands._import_people import PeopleImportCommand


class Command(PeopleImportCommand):
    help = (
        "Import or update students, their accounts and classes from a CSV or XLSX roster. "
        "Students are matched by student number."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--academic-year",
            type=int,
            help="ROC academic year of the roster's classes, for example 113. Without it, "
            "the year most rows imply (entry year + grade - 1) is used.",
        )

    def make_resource(self, options):
        return StudentResource(academic_year=options["academic_year"])
