from django.apps import AppConfig


class CliConfig(AppConfig):
    name = "mixmig.cli"
    label = "mixmig_cli"
    verbose_name = "mixmig command line"
