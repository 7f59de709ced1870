from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "mixmig.apps.cases"
    label = "cases"
    verbose_name = "Case management"

    def ready(self) -> None:
        from mixmig.apps.cases import receivers  # noqa: F401 - follows person merges
