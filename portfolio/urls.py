from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("accounts.urls")),
    path("", include("records.urls")),
    path("", include("records.office_urls")),
    path("", include("records.urls_portfolio")),
    path("", include("submissions.urls")),
    path("", include("notifications.urls")),
]
