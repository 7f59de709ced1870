"""``mixmig exchange add-partner CODE --url URL --signing-key K --encryption-key K [--agency CODE] [--remote-agency CODE]``."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from mixmig.apps.exchange import services
from mixmig.apps.registry.errors import InvalidInput


class Command(BaseCommand):
    help = (
        "Register (or update) a partner instance: its instance id, base URL and public keys (from its "
        "`mixmig exchange keygen`). --agency is the local agency that receives the referrals and case transfers it "
        "sends; --remote-agency is the local agency record standing for the partner: case transfers proposed to "
        "it are sent to the partner. "
        "Its host must also be on MIXMIG_EXCHANGE_ALLOWED_HOSTS before anything is sent to it."
    )

    def add_arguments(self, parser):
        parser.add_argument("code")
        parser.add_argument("--name", default="")
        parser.add_argument("--url", required=True)
        parser.add_argument("--signing-key", required=True)
        parser.add_argument("--encryption-key", required=True)
        parser.add_argument("--agency", default="")
        parser.add_argument("--remote-agency", default="")

    def handle(self, *args, **o):
        try:
            partner = services.add_partner(
                "system",
                o["code"],
                o["name"],
                o["url"],
                o["signing_key"],
                o["encryption_key"],
                o["agency"],
                o["remote_agency"],
            )
        except InvalidInput as exc:
            raise CommandError("; ".join(f"{e.field}: {e.message}" for e in exc.errors)) from exc
        self.stdout.write(f"partner {partner.code} saved ({partner.inbox_url})")
