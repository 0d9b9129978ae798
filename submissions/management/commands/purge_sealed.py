"""Purge sealed portfolios whose three years have passed, or list them with --dry-run."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from portfolio import roc
from submissions.services.purge import clear_stop, due_seals, purge_due, request_stop


class Command(BaseCommand):
    help = (
        "Delete the files and personal data of sealed portfolios whose purge date has come, "
        "leaving an anonymous purge record for each. Safe to stop and run again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="List what would be purged; change nothing."
        )
        parser.add_argument(
            "--batch-size", type=int, default=200, help="Portfolios read per batch (default 200)."
        )
        parser.add_argument(
            "--time-budget",
            type=float,
            default=None,
            help="Stop after this many seconds; the next run continues (default: no limit).",
        )
        parser.add_argument(
            "--stop",
            action="store_true",
            help="Ask a running purge (in a worker or another shell) to stop, then exit.",
        )

    def handle(self, *args, dry_run, batch_size, time_budget, stop, **options):
        if stop:
            request_stop()
            self.stdout.write(
                _("Stop requested; the running purge stops after its current portfolio.")
            )
            return
        today = roc.today()
        if dry_run:
            seals = due_seals(today).select_related("student")
            count = 0
            for seal in seals.iterator(chunk_size=500):
                count += 1
                self.stdout.write(
                    _("%(number)s\tsealed %(sealed)s\tdue %(due)s")
                    % {
                        "number": seal.student.student_number,
                        "sealed": roc.format_roc_date(seal.sealed_on),
                        "due": roc.format_roc_date(seal.purge_due_on),
                    }
                )
            self.stdout.write(
                _("%(count)s sealed portfolios would be purged (dry run).") % {"count": count}
            )
            return
        clear_stop()
        run = purge_due(today, batch_size=batch_size, time_budget=time_budget)
        self.stdout.write(
            _("Purged %(purged)s portfolios and deleted %(files)s files.")
            % {"purged": run.purged, "files": run.files_deleted}
        )
        if run.failed:
            self.stderr.write(_("Failed seal ids (see the log): %(ids)s") % {"ids": run.failed})
        if run.stopped:
            self.stdout.write(
                _("Stopped early (%(reason)s); run again to continue.") % {"reason": run.stopped}
            )
