"""Options and output shared by the import_staff and import_students commands."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from portfolio.imports import run_import


class PeopleImportCommand(BaseCommand):
    """Import one file with a resource from make_resource(options); subclasses set help."""

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

    def handle(self, *args, **options):
        report = run_import(
            lambda: self.make_resource(options),
            options["file"],
            dry_run=options["dry_run"],
            only_valid=options["only_valid"],
        )
        for error in report.errors:
            self.stdout.write(str(error))
        self.stdout.write(report.summary())
        if report.has_errors and not report.written and not options["only_valid"]:
            raise CommandError(
                _(
                    "%(file)s: %(count)s errors, nothing written. Correct the rows above, or add "
                    "--only-valid to import the rows without errors."
                )
                % {"file": report.name, "count": len(report.errors)}
            )
        if report.file_errors:
            raise CommandError(_("%(file)s: nothing written.") % {"file": report.name})
