"""URLs of the casework pages (mounted inside the ``web`` namespace)."""

from django.urls import path

from mixmig.web.views import casework, exchange

urlpatterns = [
    path("work/", casework.dashboard, name="work"),
    path("work/team/", casework.supervisor, name="supervisor"),
    path("work/notifications/read/", casework.read_notifications, name="notifications_read"),
    path("cases/", casework.case_list, name="cases"),
    path("cases/<int:pk>/", casework.case_page, name="case"),
    path("cases/<int:pk>/act/", casework.case_action, name="case_action"),
    path("approvals/<int:pk>/decide/", casework.decide_approval, name="decide_approval"),
    path("referrals/<int:pk>/", casework.referral_page, name="referral"),
    path("referrals/<int:pk>/act/", casework.referral_action, name="referral_action"),
    path("exchange/inbound/", exchange.inbox, name="exchange_inbox"),
    path("exchange/inbound/<int:pk>/", exchange.detail, name="exchange_inbound"),
    path("exchange/inbound/<int:pk>/decide/", exchange.decide, name="exchange_decide"),
]
