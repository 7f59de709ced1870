from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "mixmig.api"
    label = "api"
    verbose_name = "REST API"
