"""People and authority: users, staff, students, classes, offices, task items,
proxy chains and absences."""

import datetime

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts import crypto
from accounts.national_id import mask, normalise, validate_national_id


class User(AbstractUser):
    """A login. Students and staff have a profile (Student or Staff) linked to it."""

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    @property
    def display_name(self) -> str:
        for profile in ("staff", "student"):
            person = getattr(self, profile, None)
            if person is not None:
                return person.name
        return self.get_full_name() or self.username


class Office(models.Model):
    """An office (處室) or one of its sections (組); sections have a parent office."""

    name = models.CharField(_("name"), max_length=50, unique=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent office"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sections",
    )

    class Meta:
        verbose_name = _("office")
        verbose_name_plural = _("offices")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Staff(models.Model):
    """A member of staff: teacher, office staff or school leader."""

    user = models.OneToOneField(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="staff"
    )
    staff_code = models.CharField(_("staff code"), max_length=20, unique=True)
    name = models.CharField(_("full name"), max_length=50)
    office = models.ForeignKey(
        Office, verbose_name=_("office"), null=True, blank=True, on_delete=models.SET_NULL
    )
    job_title = models.CharField(_("job title"), max_length=50, db_index=True)
    email = models.EmailField(_("e-mail"), blank=True)
    subjects = models.CharField(_("subjects taught"), max_length=100, blank=True)
    employment_end = models.DateField(
        _("employment end date"),
        null=True,
        blank=True,
        help_text=_("Last working day. Leave empty while the person works here."),
    )
    account_grace_until = models.DateField(
        _("account kept until"),
        null=True,
        blank=True,
        help_text=_(
            "A departed teacher who still helps (for example with certification) keeps "
            "the account until this date."
        ),
    )

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff")
        ordering = ["staff_code"]

    def __str__(self):
        return f"{self.name}（{self.job_title}）"

    def account_active_on(self, day: datetime.date) -> bool:
        """Return whether the person may still log in and act on the given day."""
        if self.employment_end is None or day <= self.employment_end:
            return True
        return self.account_grace_until is not None and day <= self.account_grace_until


class SchoolClass(models.Model):
    """A homeroom class in one academic year, such as 101 (grade 1, class 01)."""

    academic_year = models.PositiveSmallIntegerField(_("academic year"))
    code = models.CharField(_("class"), max_length=10)
    grade = models.PositiveSmallIntegerField(_("grade"))
    name = models.CharField(_("class name"), max_length=30, blank=True)
    homeroom_teacher = models.ForeignKey(
        Staff,
        verbose_name=_("homeroom teacher"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="homeroom_classes",
    )

    class Meta:
        verbose_name = _("class")
        verbose_name_plural = _("classes")
        ordering = ["academic_year", "code"]
        constraints = [
            models.UniqueConstraint(fields=["academic_year", "code"], name="class_unique_per_year")
        ]

    def __str__(self):
        return self.name or self.code


class Student(models.Model):
    """A student's enrolment data, kept by the registry."""

    class Gender(models.TextChoices):
        MALE = "M", _("male")
        FEMALE = "F", _("female")

    class Status(models.TextChoices):
        # The national enrolment statuses (學籍狀態).
        ENROLLED = "enrolled", _("enrolled")
        SUSPENDED = "suspended", _("suspended")
        TRANSFERRED_OUT = "transferred_out", _("transferred out")
        TRANSFERRED_IN = "transferred_in", _("transferred in")
        RESUMED = "resumed", _("resumed")
        REPEATING = "repeating", _("repeating a year")
        VISITING = "visiting", _("visiting study at another school")
        GRADUATED = "graduated", _("graduated")
        WITHDRAWN = "withdrawn", _("withdrawn")
        EXPELLED = "expelled", _("expelled")
        DECEASED = "deceased", _("deceased")

    # Statuses of students who have left the school and cannot log in any more.
    DEPARTED_STATUSES = {
        Status.TRANSFERRED_OUT,
        Status.GRADUATED,
        Status.WITHDRAWN,
        Status.EXPELLED,
        Status.DECEASED,
    }

    user = models.OneToOneField(
        User,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="student",
    )
    student_number = models.CharField(_("student number"), max_length=20, unique=True)
    school_class = models.ForeignKey(
        SchoolClass,
        verbose_name=_("class"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="students",
    )
    seat_number = models.PositiveSmallIntegerField(_("seat number"), null=True, blank=True)
    name = models.CharField(_("full name"), max_length=50)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices)
    birth_date = models.DateField(_("birth date"))
    national_id = crypto.EncryptedCharField(_("ID number"), validators=[validate_national_id])
    national_id_digest = models.CharField(max_length=64, unique=True, editable=False)
    entry_year = models.PositiveSmallIntegerField(_("entry year"))
    status = models.CharField(
        _("enrolment status"), max_length=20, choices=Status.choices, default=Status.ENROLLED
    )
    postal_code = models.CharField(_("postal code"), max_length=6, blank=True)
    address = models.CharField(_("mailing address"), max_length=200, blank=True)
    guardian_name = models.CharField(_("guardian name"), max_length=50, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)

    class Meta:
        verbose_name = _("student")
        verbose_name_plural = _("students")
        ordering = ["student_number"]
        permissions = [("view_national_id", _("Can see full ID numbers"))]

    def __str__(self):
        return f"{self.student_number} {self.name}"

    def save(self, *args, **kwargs):
        self.national_id = normalise(self.national_id)
        self.national_id_digest = crypto.digest(self.national_id)
        super().save(*args, **kwargs)

    @property
    def masked_national_id(self) -> str:
        return mask(self.national_id)

    @property
    def has_departed(self) -> bool:
        return self.status in self.DEPARTED_STATUSES


class TaskItem(models.Model):
    """A task item (工作項目) of the task group, with its responsible unit and duties."""

    class WorkGroup(models.TextChoices):
        DATA = "data", _("data management group")
        OUTREACH = "outreach", _("outreach and training group")

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=100)
    work_group = models.CharField(_("work group"), max_length=20, choices=WorkGroup.choices)
    responsible_unit = models.CharField(_("responsible unit"), max_length=100)
    duties = models.TextField(_("duties"), blank=True)
    per_section = models.BooleanField(
        _("acted for per course section"),
        default=False,
        help_text=_(
            "Course outcomes are certified by each section's teacher, then the "
            "substitute teacher, instead of a fixed chain of people."
        ),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("task item")
        verbose_name_plural = _("task items")
        ordering = ["order", "code"]

    def __str__(self):
        return self.name


class ProxyRank(models.IntegerChoices):
    OWNER = 0, _("owner")
    FIRST_PROXY = 1, _("first proxy")
    SECOND_PROXY = 2, _("second proxy")


class TaskAssignment(models.Model):
    """One place in a task item's proxy chain.

    A place names a job title, so the chain follows whoever holds that post, or
    a specific staff member, who then takes precedence over the job title.
    """

    task_item = models.ForeignKey(
        TaskItem, verbose_name=_("task item"), on_delete=models.CASCADE, related_name="assignments"
    )
    rank = models.PositiveSmallIntegerField(_("proxy order"), choices=ProxyRank.choices)
    job_title = models.CharField(_("job title"), max_length=50, blank=True)
    staff = models.ForeignKey(
        Staff,
        verbose_name=_("staff member"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="task_assignments",
    )
    position = models.PositiveSmallIntegerField(_("position within the rank"), default=0)

    class Meta:
        verbose_name = _("proxy chain place")
        verbose_name_plural = _("proxy chain")
        ordering = ["task_item", "rank", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(job_title="") | models.Q(staff__isnull=False),
                name="assignment_names_title_or_staff",
            )
        ]

    def __str__(self):
        who = self.staff.name if self.staff_id else self.job_title
        return f"{self.task_item}: {self.get_rank_display()} {who}"


class Absence(models.Model):
    """A period in which a staff member cannot act (leave, illness, training)."""

    staff = models.ForeignKey(
        Staff, verbose_name=_("staff member"), on_delete=models.CASCADE, related_name="absences"
    )
    starts_at = models.DateTimeField(_("from"))
    ends_at = models.DateTimeField(_("to"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("absence")
        verbose_name_plural = _("absences")
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="absence_ends_after_start",
            )
        ]

    def __str__(self):
        return f"{self.staff.name} {timezone.localtime(self.starts_at):%Y-%m-%d}"


class TaskGroupSeat(models.Model):
    """A seat of the 19-member task group (工作小組)."""

    class Role(models.TextChoices):
        CONVENOR = "convenor", _("convenor")
        EXECUTIVE_SECRETARY = "executive_secretary", _("executive secretary")
        MEMBER = "member", _("member")

    title = models.CharField(_("seat"), max_length=50)
    role = models.CharField(_("role"), max_length=30, choices=Role.choices, default=Role.MEMBER)
    job_title = models.CharField(
        _("job title"),
        max_length=50,
        blank=True,
        help_text=_("The post whose holder takes this seat, for example 教務主任."),
    )
    staff = models.ForeignKey(
        Staff,
        verbose_name=_("staff member"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        help_text=_("Set for a seat not filled by job title, such as the teacher representative."),
    )
    member_name = models.CharField(
        _("member name"),
        max_length=50,
        blank=True,
        help_text=_("For members who are not staff: the parent and student representatives."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("task group seat")
        verbose_name_plural = _("task group")
        ordering = ["order"]

    def __str__(self):
        return self.title
