"""Attendance summaries per term, by the central database's leave types."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Student
from records.models.terms import Term


class AttendanceSummary(models.Model):
    """How many periods a student was absent in a term, per national leave type."""

    class LeaveType(models.TextChoices):
        # The central database's leave type codes.
        OFFICIAL = "01", _("official leave")
        PERSONAL = "02", _("personal leave")
        SICK = "03", _("sick leave")
        MARRIAGE = "04", _("marriage leave")
        PRENATAL = "05", _("prenatal leave")
        MATERNITY = "06", _("maternity leave")
        PATERNITY = "07", _("paternity leave")
        MISCARRIAGE = "08", _("miscarriage leave")
        PARENTAL = "09", _("parental leave")
        MENSTRUAL = "10", _("menstrual leave")
        BEREAVEMENT = "11", _("bereavement leave")
        TRUANCY = "12", _("truancy")

    # The leave type names that attendance sheets use as column headers.
    LEAVE_TYPE_BY_NAME = {
        "公假": LeaveType.OFFICIAL,
        "事假": LeaveType.PERSONAL,
        "病假": LeaveType.SICK,
        "婚假": LeaveType.MARRIAGE,
        "產前假": LeaveType.PRENATAL,
        "娩假": LeaveType.MATERNITY,
        "陪產假": LeaveType.PATERNITY,
        "流產假": LeaveType.MISCARRIAGE,
        "育嬰假": LeaveType.PARENTAL,
        "生理假": LeaveType.MENSTRUAL,
        "喪假": LeaveType.BEREAVEMENT,
        "曠課": LeaveType.TRUANCY,
    }

    student = models.ForeignKey(
        Student, verbose_name=_("student"), on_delete=models.CASCADE, related_name="attendance"
    )
    term = models.ForeignKey(
        Term, verbose_name=_("term"), on_delete=models.PROTECT, related_name="attendance"
    )
    leave_type = models.CharField(_("leave type"), max_length=2, choices=LeaveType.choices)
    periods = models.PositiveIntegerField(_("periods"))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("attendance summary")
        verbose_name_plural = _("attendance summaries")
        ordering = ["term", "leave_type"]
        constraints = [
            models.UniqueConstraint(
                fields=["student", "term", "leave_type"], name="attendance_unique"
            )
        ]

    def __str__(self):
        return f"{self.student} {self.term} {self.get_leave_type_display()}"
