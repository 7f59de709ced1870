"""``mixmig referrals escalate``: escalate overdue referrals to supervisors (run it from cron, e.g. every 15 min)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from mixmig.apps.referrals import services


class Command(BaseCommand):
    help = (
        "Mark every draft or sent referral past its deadline as escalated (once) and notify the supervisors of the "
        "referring team and, for sent referrals, of the receiving agency, in the app and by e-mail."
    )

    def handle(self, *args, **options):
        n = services.escalate_overdue()
        self.stdout.write(f"{n} overdue referral(s) escalated")
