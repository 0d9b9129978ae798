"""The arguments and the import run shared by every import_* management command."""

from django.core.management.base import BaseCommand

from portfolio.imports import ImportReport, run_import


class ImportCommand(BaseCommand):
    """Import one file with the resource from make_resource(options).

    Subclasses set help, implement make_resource and decide in handle() how to
    print the report and when to fail.
    """

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV (UTF-8 or Big5) or XLSX file to import.")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check every row and report the errors without writing anything.",
        )
        parser.add_argument(
            "--only-valid",
            action="store_true",
            help="Write the rows without errors and report the others.",
        )

    def make_resource(self, options):
        raise NotImplementedError

    def import_file(self, options) -> ImportReport:
        return run_import(
            lambda: self.make_resource(options),
            options["file"],
            dry_run=options["dry_run"],
            only_valid=options["only_valid"],
        )
