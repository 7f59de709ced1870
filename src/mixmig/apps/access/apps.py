from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "mixmig.apps.access"
    label = "access"
    verbose_name = "Agencies, users, roles and scopes"
