"""Run the benchmarks in a throw-away database and write docs/benchmarks.md.

Usage: DJANGO_SETTINGS_MODULE=tests.settings python -m benchmarks [--students N]
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
        "--no-write",
        action="store_true",
        help="Print the results without updating docs/benchmarks.md.",
    )
    options = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    django.setup()

    from benchmarks import batch

    batch.run(options.students, write=not options.no_write)


main()
