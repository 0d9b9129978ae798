"""The menu each person sees, worked out once at login and kept in the session.

Reading roles on every page would cost queries on every page, so the login
stores a few flags in the session and templates read them from there.
"""

from accounts.models import SchoolClass, Staff, Student
from portfolio import roc

SESSION_KEY = "menu"


def menu_flags(user) -> dict[str, bool]:
    """Return which menu entries apply to user."""
    is_student = Student.objects.filter(user=user).exists()
    staff = Staff.objects.filter(user=user).first()
    flags = {"student": is_student, "staff": staff is not None}
    if staff is not None:
        year = roc.academic_year_of(roc.today())
        flags["homeroom"] = SchoolClass.objects.filter(
            homeroom_teacher=staff, academic_year=year
        ).exists()
        flags["counsellor"] = staff.counselled.exists()
    return flags


def remember_menu(sender, request, user, **kwargs):
    """Store the menu flags in the session at login (connected to user_logged_in)."""
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_KEY] = menu_flags(user)
