from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "mixmig.web"
    label = "web"
    verbose_name = "Web user interface"
