from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "mixmig.apps.cases"
    label = "cases"
    verbose_name = "Case management"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from mixmig.apps.cases import receivers  # noqa: F401 - follows person merges
        from mixmig.apps.cases.statistics import analyze_after_migrate

        # SQLite: indexes added by migrations get planner statistics (see cases/statistics.py)
        post_migrate.connect(analyze_after_migrate, sender=self, dispatch_uid="cases-analyze-after-migrate")
