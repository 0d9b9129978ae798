"""The options and output shared by the import_sections and import_enrolments commands."""

from django.core.management.base import BaseCommand, CommandError

from portfolio.imports import run_import


class ImportCommand(BaseCommand):
    """Run one resource over a file; subclasses set resource_class and help."""

    resource_class = None

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

    def handle(self, *args, **options):
        report = run_import(
            self.resource_class,
            options["file"],
            dry_run=options["dry_run"],
            only_valid=options["only_valid"],
        )
        for error in report.errors:
            self.stderr.write(str(error))
        self.stdout.write(report.summary())
        if report.has_errors and not report.written:
            raise CommandError(f"{report.name}: {len(report.errors)} errors, nothing written.")
