"""URLs of the referral form, consent recording and case transfers (mounted inside the ``web`` namespace)."""

from django.urls import path

from mixmig.web.views import referral_forms, transfers

urlpatterns = [
    path("persons/<str:number>/refer/", referral_forms.refer, name="refer"),
    path("persons/<str:number>/consent/", referral_forms.record_consent, name="record_consent"),
    path("cases/<int:pk>/transfer/", transfers.propose, name="propose_transfer"),
    path("cases/transfers/", transfers.transfer_list, name="transfers"),
    path("cases/transfers/<int:pk>/decide/", transfers.decide, name="decide_transfer"),
]
