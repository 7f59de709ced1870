from django.apps import AppConfig


class ScreeningConfig(AppConfig):
    name = "mixmig.apps.screening"
    label = "screening"
    verbose_name = "Screening under policy packs"

    def ready(self) -> None:
        from mixmig.apps.screening import receivers  # noqa: F401 - connects the registry signals
