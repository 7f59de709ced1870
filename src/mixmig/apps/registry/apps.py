from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "mixmig.apps.registry"
    label = "registry"
    verbose_name = "Registry of persons, registrations and travel groups"
