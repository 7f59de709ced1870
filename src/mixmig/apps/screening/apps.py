from django.apps import AppConfig


class ScreeningConfig(AppConfig):
    name = "mixmig.apps.screening"
    label = "screening"
    verbose_name = "Screening under policy packs"

    def ready(self) -> None:
        from mixmig.apps.screening import casework, receivers  # noqa: F401 - connects the registry signals

        casework.register()  # non-refoulement indications and the case timeline
