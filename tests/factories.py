"""factory-boy factories for the people and organisation of a school."""

import datetime
import random

import factory

from accounts.models import SchoolClass, Staff, Student, User
from accounts.national_id import LETTER_CODES


def make_national_id(seed: int, second: str = "1") -> str:
    """Return a valid, deterministic ID number for the given seed."""
    rng = random.Random(seed)
    letter = rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ")
    body = [int(second)] + [rng.randint(0, 9) for _ in range(7)]
    code = LETTER_CODES[letter]
    weights = [1, 9, 8, 7, 6, 5, 4, 3, 2, 1]
    total = sum(d * w for d, w in zip([code // 10, code % 10, *body], weights, strict=True))
    check = (10 - total % 10) % 10
    return f"{letter}{''.join(map(str, body))}{check}"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n:04d}")
    password = factory.django.Password("correct horse 113")


class StaffFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Staff

    user = factory.SubFactory(UserFactory, username=factory.SelfAttribute("..staff_code"))
    staff_code = factory.Sequence(lambda n: f"T9{n:03d}")
    name = factory.Sequence(lambda n: f"教師{n:03d}")
    job_title = "專任教師"
    email = factory.LazyAttribute(lambda o: f"{o.staff_code.lower()}@school.example")


class SchoolClassFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SchoolClass
        django_get_or_create = ("academic_year", "code")

    academic_year = 113
    code = factory.Sequence(lambda n: f"1{n % 90 + 1:02d}")
    grade = factory.LazyAttribute(lambda o: int(o.code[0]))


class StudentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Student

    user = factory.SubFactory(UserFactory, username=factory.SelfAttribute("..student_number"))
    student_number = factory.Sequence(lambda n: f"11390{n:02d}")
    school_class = factory.SubFactory(SchoolClassFactory)
    seat_number = factory.Sequence(lambda n: n % 40 + 1)
    name = factory.Sequence(lambda n: f"學生{n:03d}")
    gender = Student.Gender.FEMALE
    birth_date = datetime.date(2008, 3, 15)
    national_id = factory.Sequence(make_national_id)
    entry_year = 113
