from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "mixmig.apps.directory"
    label = "directory"
    verbose_name = "Service directory"
