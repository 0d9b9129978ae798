"""Output shared by the import_staff and import_students commands."""

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from portfolio.management.import_command import ImportCommand


class PeopleImportCommand(ImportCommand):
    """Print every bad row and the summary on stdout.

    The command fails when rows have errors and nothing was written, unless
    --only-valid is given. An error in the file itself always fails it.
    """

    def handle(self, *args, **options):
        report = self.import_file(options)
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
