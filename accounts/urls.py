from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import path

from accounts import views, views_imports

urlpatterns = [
    path("", views.home, name="home"),
    path("staff/", views.staff_home, name="staff_home"),
    path("task-group/", views.task_group_home, name="task_group_home"),
    path("tasks/<slug:code>/", views.task_item_detail, name="task_item_detail"),
    path(
        "tasks/basic-data/roster-import/",
        views_imports.roster_import,
        {"code": "basic-data"},
        name="roster_import",
    ),
    path(
        "tasks/system-maintenance/staff-import/",
        views_imports.staff_import,
        {"code": "system-maintenance"},
        name="staff_import",
    ),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password-reset/",
        auth_views.PasswordResetView.as_view(
            extra_email_context={"SCHOOL_NAME": settings.SCHOOL_NAME}
        ),
        name="password_reset",
    ),
    path(
        "password-reset/done/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]
