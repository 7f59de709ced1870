from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "mixmig.apps.referrals"
    label = "referrals"
    verbose_name = "Referrals and the consent ledger"

    def ready(self) -> None:
        from mixmig.apps.referrals import receivers  # noqa: F401 - follows person merges
