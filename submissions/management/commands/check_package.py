"""manage.py check_package PATH: validate an export package before uploading it."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from submissions.services.package_check import check_package


class Command(BaseCommand):
    help = (
        "Check a submission export package (ZIP): every file present, checksums matching "
        "the manifest, required columns filled, ID numbers valid. Exits with status 1 "
        "when it finds a problem."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="Path of the package ZIP file.")

    def handle(self, *args, path, **options):
        problems = check_package(path)
        for problem in problems:
            self.stderr.write(problem)
        if problems:
            raise CommandError(
                ngettext(
                    "%(count)s problem found in %(path)s; fix it and build the package again.",
                    "%(count)s problems found in %(path)s; fix them and build the package again.",
                    len(problems),
                )
                % {"count": len(problems), "path": path}
            )
        self.stdout.write(_("%(path)s passed every check.") % {"path": path})
