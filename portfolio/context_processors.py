from django.conf import settings


def school(request):
    """Add the school's name to every template."""
    return {"SCHOOL_NAME": settings.SCHOOL_NAME}
