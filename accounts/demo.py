"""A fictional demo school: staff for every post the proxy chains name, teachers,
classes of the current academic year with students, and one absence.

`build()` is idempotent: people are found by staff code or student number and
updated, so running it twice leaves one copy of everything.
"""

import datetime
import random

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction

from accounts import roles
from accounts.models import Absence, Office, SchoolClass, Staff, Student
from accounts.national_id import LETTER_CODES, checksum_ok
from portfolio import roc

DEMO_PASSWORD = "portfolio-demo"
ADMIN_USERNAME = "admin"
DEMO_ABSENCE_REASON = "示範資料：公假（校外研習）"

# (staff code, name, job title, office, subjects). All names are made up.
STAFF = [
    ("D0001", "林志遠", "校長", "校長室", ""),
    ("D0002", "潘怡君", "教務主任", "教務處", ""),
    ("D0003", "許家豪", "學務主任", "學務處", ""),
    ("D0004", "曾淑芬", "輔導主任", "輔導室", ""),
    ("D0005", "賴俊宏", "圖書館主任", "圖書館", ""),
    ("D0006", "蔡明哲", "實習主任", "實習處", ""),
    ("D0007", "金雅婷", "註冊組長", "註冊組", ""),
    ("D0008", "田佳蓉", "註冊組幹事", "註冊組", ""),
    ("D0009", "高文彬", "教學組長", "教學組", ""),
    ("D0010", "游惠雯", "教學組幹事", "教學組", ""),
    ("D0011", "簡子晴", "教學組助理", "教學組", ""),
    ("D0012", "姜承恩", "專案助理", "教務處", ""),
    ("D0013", "鍾國華", "訓育組長", "訓育組", ""),
    ("D0014", "葉欣怡", "活動組長", "活動組", ""),
    ("D0015", "呂建志", "生輔組長", "生輔組", ""),
    ("D0016", "魏美玲", "生輔組幹事", "生輔組", ""),
    ("D0017", "江宜蓁", "學務處幹事", "學務處", ""),
    ("D0018", "石振宇", "學務處管理員", "學務處", ""),
    ("D0019", "范秀英", "管理員", "學務處", ""),
    ("D0020", "彭思穎", "輔導組長", "輔導組", ""),
    ("D0021", "余冠廷", "輔導老師", "輔導組", ""),
    ("D0022", "傅靜宜", "輔導老師", "輔導組", ""),
    ("D0023", "沈政達", "資料組長", "資料組", ""),
    ("D0024", "杜柏翰", "資訊組長", "資訊組", ""),
    ("D0025", "戴志明", "圖書館技士", "圖書館", ""),
    ("D0026", "董曉萍", "讀服組長", "讀服組", ""),
    ("D0027", "袁立群", "協同教學教師", "圖書館", "閱讀素養"),
    ("D0028", "方耀德", "實習組長", "實習組", ""),
    ("D0029", "廖佩珊", "課程諮詢教師召集人", "輔導室", "地理"),
    ("D0030", "温子賢", "課程諮詢教師", "輔導室", "公民與社會"),
    ("D0031", "程品妤", "課程諮詢教師", "輔導室", "生物"),
    ("D0032", "宋育誠", "代理課程諮詢教師", "輔導室", "化學"),
    ("D0101", "陳怡安", "專任教師", "", "國語文"),
    ("D0102", "黃柏宇", "專任教師", "", "英語文"),
    ("D0103", "張雅筑", "專任教師", "", "數學"),
    ("D0104", "李宗翰", "專任教師", "", "物理"),
    ("D0105", "吳欣妤", "專任教師", "", "歷史"),
    ("D0106", "周信宏", "代理教師", "", "數學"),
]

# Class code → homeroom teacher's staff code; grade = first digit.
CLASSES = {"101": "D0101", "102": "D0102", "201": "D0103", "301": "D0104"}

# Eight students per class, (name, gender). Three names hold characters that
# Big5 lacks (堃, 𡘙, 喆), as real rosters do.
STUDENT_NAMES = [
    ("王小明", "M"), ("林堃宇", "M"), ("陳品妍", "F"), ("張家瑋", "M"),
    ("李芷涵", "F"), ("黃宥廷", "M"), ("吳采潔", "F"), ("劉承翰", "M"),
    ("蔡語彤", "F"), ("楊竣凱", "M"), ("許𡘙如", "F"), ("鄭凱翔", "M"),
    ("謝沛晴", "F"), ("郭柏諺", "M"), ("洪詩涵", "F"), ("邱冠宇", "M"),
    ("曾子芸", "F"), ("廖品睿", "M"), ("賴宥蓁", "F"), ("徐子軒", "M"),
    ("周喆安", "M"), ("葉思妤", "F"), ("蘇柏均", "M"), ("莊雅晴", "F"),
    ("呂承恩", "M"), ("江芊妤", "F"), ("何冠霖", "M"), ("羅苡安", "F"),
    ("高宇恆", "M"), ("潘又甄", "F"), ("簡睿澤", "M"), ("朱書妍", "F"),
]  # fmt: skip


def demo_national_id(seed: int, gender: str) -> str:
    """Return a valid, made-up ID number, the same for the same seed and gender."""
    rng = random.Random(seed)
    letter = rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ")
    body = ("1" if gender == "M" else "2") + "".join(str(rng.randint(0, 9)) for _ in range(7))
    for check in range(10):
        candidate = f"{letter}{body}{check}"
        if checksum_ok(candidate):
            return candidate
    raise AssertionError(f"no check digit for {letter}{body} ({LETTER_CODES[letter]})")


def _user(username: str, password_hash: str, email: str = "", **flags):
    user, _ = get_user_model().objects.get_or_create(username=username)
    user.email = email
    user.is_active = True
    user.password = password_hash
    for name, value in flags.items():
        setattr(user, name, value)
    user.save()
    return user


def build_staff(password_hash: str) -> dict[str, Staff]:
    offices = {office.name: office for office in Office.objects.all()}
    people = {}
    for code, name, job_title, office_name, subjects in STAFF:
        email = f"{code.lower()}@school.example"
        staff, _ = Staff.objects.update_or_create(
            staff_code=code,
            defaults={
                "user": _user(code, password_hash, email),
                "name": name,
                "job_title": job_title,
                "office": offices.get(office_name),
                "subjects": subjects,
                "email": email,
                "employment_end": None,
            },
        )
        people[code] = staff
    return people


def build_classes(
    people: dict[str, Staff], academic_year: int, password_hash: str
) -> list[Student]:
    students = []
    names = iter(STUDENT_NAMES)
    for code, teacher_code in CLASSES.items():
        grade = int(code[0])
        school_class, _ = SchoolClass.objects.update_or_create(
            academic_year=academic_year,
            code=code,
            defaults={"grade": grade, "homeroom_teacher": people[teacher_code]},
        )
        entry_year = academic_year - grade + 1
        for seat in range(1, 9):
            name, gender = next(names)
            # A 9 after the entry year keeps demo numbers (1139101) apart from a
            # real roster's (1130001 to 1130384), so importing one never moves them.
            number = f"{entry_year}9{code[2]}{seat:02d}"
            student, _ = Student.objects.update_or_create(
                student_number=number,
                defaults={
                    "user": _user(number, password_hash, f"s{number}@student.school.example"),
                    "school_class": school_class,
                    "seat_number": seat,
                    "name": name,
                    "gender": gender,
                    "birth_date": datetime.date(roc.to_gregorian_year(entry_year) - 15, 9, seat),
                    "national_id": demo_national_id(int(number), gender),
                    "entry_year": entry_year,
                    "status": Student.Status.ENROLLED,
                    # Paper notices to departed students need a postal address.
                    "postal_code": "330",
                    "address": f"桃園市桃園區示範路{int(code)}巷{seat}號",
                    "guardian_name": f"{name[0]}家長",
                    "email": f"s{number}@student.school.example",
                },
            )
            students.append(student)
    return students


def build_absence(people: dict[str, Staff]) -> Absence:
    """Put the registry clerk on leave for two weeks from today, so the registry
    head acts as first proxy for basic data and grades."""
    today = roc.today()
    absence, _ = Absence.objects.update_or_create(
        staff=people["D0008"],
        reason=DEMO_ABSENCE_REASON,
        defaults={
            "starts_at": roc.start_of_day(today),
            "ends_at": roc.end_of_day(today + datetime.timedelta(days=13)),
        },
    )
    return absence


def login_rows(students: list[Student]) -> list[tuple[str, str, str]]:
    """Return (role, username, what to try) for the printed table of demo logins."""
    by_name = {student.name: student for student in students}
    return [
        ("administrator", ADMIN_USERNAME, "/admin/: offices, task items, chains, absences"),
        ("task group / Dean", "D0002", "who acts for each task item today"),
        ("office staff, owner", "D0024", "/tasks/system-maintenance/ as owner (IT section head)"),
        ("office staff, first proxy", "D0007", "/tasks/basic-data/ as first proxy (clerk away)"),
        ("office staff, absent owner", "D0008", "on leave: acts for nothing until it ends"),
        ("office staff, outsider", "D0017", "/tasks/basic-data/ is refused and says who acts"),
        ("homeroom teacher", "D0101", "staff home with class 101"),
        ("course teacher", "D0105", "/certify/: certify or reject students' outcomes"),
        ("course counsellor", "D0030", "/consultations/: records for class 101"),
        ("student", by_name["王小明"].student_number, "student home, best on a phone"),
        ("student", by_name["林堃宇"].student_number, "a name with 堃, which Big5 lacks"),
    ]  # fmt: skip


def print_logins(stdout, rows) -> None:
    stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD})")
    stdout.write(f"  {'role':<28} {'username':<10} what to try")
    for role, username, hint in rows:
        stdout.write(f"  {role:<28} {username:<10} {hint}")


@transaction.atomic
def build(stdout) -> None:
    """Create or update the demo school's people, classes and absence, then print the logins."""
    academic_year = roc.academic_year_of(roc.today())
    # Hash the shared password once: hashing it per account dominated the run time.
    password_hash = make_password(DEMO_PASSWORD)
    roles.ensure_groups()
    admin = _user(
        ADMIN_USERNAME, password_hash, "admin@school.example", is_staff=True, is_superuser=True
    )
    roles.add_roles(admin, roles.ADMINISTRATOR)

    people = build_staff(password_hash)
    students = build_classes(people, academic_year, password_hash)
    for staff in people.values():
        roles.grant_staff_roles(staff)
    for student in students:
        roles.add_roles(student.user, roles.STUDENT)
    build_absence(people)

    stdout.write(
        f"Demo school for academic year {academic_year}: {len(people)} staff, "
        f"{len(CLASSES)} classes, {len(students)} students."
    )
    print_logins(stdout, login_rows(students))
