from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("People and authority")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from accounts.navigation import remember_menu

        user_logged_in.connect(remember_menu, dispatch_uid="accounts.remember_menu")
