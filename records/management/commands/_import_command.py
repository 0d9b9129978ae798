"""Output shared by the record import commands (sections, enrolments, grades, …)."""

from django.core.management.base import CommandError

from portfolio.management.import_command import ImportCommand as BaseImportCommand


class ImportCommand(BaseImportCommand):
    """Run resource_class over a file; subclasses set resource_class and help.

    Bad rows go to stderr and the summary to stdout. The command fails when the
    file has errors and nothing was written.
    """

    resource_class = None

    def make_resource(self, options):
        return self.resource_class()

    def handle(self, *args, **options):
        report = self.import_file(options)
        for error in report.errors:
            self.stderr.write(str(error))
        self.stdout.write(report.summary())
        if report.has_errors and not report.written:
            raise CommandError(f"{report.name}: {len(report.errors)} errors, nothing written.")
