from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "mixmig.apps.notifications"
    label = "notifications"
    verbose_name = "In-app and e-mail notifications"
