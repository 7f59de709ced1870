from django.apps import AppConfig


class ExchangeConfig(AppConfig):
    name = "mixmig.apps.exchange"
    label = "exchange"
    verbose_name = "Exchange between instances"

    def ready(self):
        from mixmig.apps.cases import transfers
        from mixmig.apps.exchange import services
        from mixmig.apps.referrals import services as referrals

        if services.on_referral_transition not in referrals.AFTER_TRANSITION:
            referrals.AFTER_TRANSITION.append(services.on_referral_transition)
        if services.on_transfer_change not in transfers.AFTER_TRANSFER:
            transfers.AFTER_TRANSFER.append(services.on_transfer_change)
        if services.is_remote_agency not in transfers.REMOTE_AGENCY:
            transfers.REMOTE_AGENCY.append(services.is_remote_agency)
