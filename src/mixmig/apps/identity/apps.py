from django.apps import AppConfig


class IdentityConfig(AppConfig):
    name = "mixmig.apps.identity"
    label = "identity"
    verbose_name = "Identity resolution in the registry"

    def ready(self) -> None:
        from mixmig.apps.identity import receivers  # noqa: F401 - connects the registry signals
