"""``mixmig exchange send-pending``: deliver the messages waiting in the exchange outbox (run it from cron)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from mixmig.apps.exchange import services


class Command(BaseCommand):
    help = (
        "Send every pending exchange message (each is tried once per run; after 10 failed attempts, or when the "
        "partner refuses it, it is marked failed). Run it from cron, e.g. every 5 minutes."
    )

    def handle(self, *args, **options):
        counts = services.send_pending()
        total = sum(counts.values())
        detail = ", ".join(f"{n} {status}" for status, n in sorted(counts.items())) or "nothing to send"
        self.stdout.write(f"{total} message(s): {detail}")
