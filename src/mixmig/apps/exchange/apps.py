from django.apps import AppConfig


class ExchangeConfig(AppConfig):
    name = "mixmig.apps.exchange"
    label = "exchange"
    verbose_name = "Exchange between instances"

    def ready(self):
        from mixmig.apps.exchange import services
        from mixmig.apps.referrals import services as referrals

        if services.on_referral_transition not in referrals.AFTER_TRANSITION:
            referrals.AFTER_TRANSITION.append(services.on_referral_transition)
