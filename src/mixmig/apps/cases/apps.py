from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "mixmig.apps.cases"
    label = "cases"
    verbose_name = "Case management"
