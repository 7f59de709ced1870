from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "mixmig.apps.referrals"
    label = "referrals"
    verbose_name = "Referrals and the consent ledger"
