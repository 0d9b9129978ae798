"""Helpers for the notifications benchmarks: a throwaway test database and bulk people."""

import contextlib
import os

import django


def configure() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    django.setup()


@contextlib.contextmanager
def test_database():
    """Create the test database (test_<name>), yield, then drop it."""
    from django.test.utils import (
        setup_databases,
        setup_test_environment,
        teardown_databases,
        teardown_test_environment,
    )

    setup_test_environment()
    config = setup_databases(verbosity=0, interactive=False)
    try:
        yield
    finally:
        teardown_databases(config, verbosity=0)
        teardown_test_environment()


def bulk_students(count: int, school_class, prefix: str, **fields):
    """Create count students with logins in a few bulk INSERTs; return them."""
    from accounts import crypto
    from accounts.models import Student, User
    from tests.factories import make_national_id

    users = User.objects.bulk_create(
        [
            User(username=f"{prefix}{n:05d}", email=f"{prefix}{n:05d}@school.example")
            for n in range(count)
        ],
        batch_size=1000,
    )
    students = []
    for n, user in enumerate(users):
        national_id = make_national_id(hash((prefix, n)) & 0xFFFFFF)
        students.append(
            Student(
                user=user,
                student_number=f"{prefix}{n:05d}",
                school_class=school_class,
                name=f"學生{n}",
                gender=Student.Gender.FEMALE,
                birth_date="2008-01-01",
                national_id=national_id,
                national_id_digest=crypto.digest(f"{prefix}{n}"),
                entry_year=113,
                **fields,
            )
        )
    return Student.objects.bulk_create(students, batch_size=1000)
