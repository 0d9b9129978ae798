"""Run the benchmarks in throw-away databases and write docs/benchmarks.md.

Usage: DJANGO_SETTINGS_MODULE=tests.settings python -m benchmarks [--students N] [--only NAME]

The batch benchmark builds a submission batch and its export package; the
others render paper notices, send reminders and purge sealed portfolios.
"""

import argparse
import os

import django


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument(
        "--students",
        type=int,
        default=3000,
        help="Number of students, each with 6 selected outcomes and 10 performances.",
    )
    parser.add_argument(
        "--only",
        choices=["batch", "notices", "reminders", "purge"],
        help="Run only this benchmark.",
    )
    parser.add_argument(
        "--no-write",
        action="store_true",
        help="Print the results without updating docs/benchmarks.md.",
    )
    options = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    django.setup()

    from benchmarks import batch, notices, purge, reminders

    if options.only in (None, "batch"):
        batch.run(options.students, write=not options.no_write)
    if options.only in (None, "notices"):
        notices.main([])
    if options.only in (None, "reminders"):
        reminders.main()
    if options.only in (None, "purge"):
        purge.main()


main()
