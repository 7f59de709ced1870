"""mixmig token USERNAME — issue a new API token (printed once; only its digest is stored)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from mixmig.apps.access import services as access
from mixmig.cli.common import acting_user, cli_origin


class Command(BaseCommand):
    help = "Print a new API token for USERNAME (send it as 'Authorization: Bearer TOKEN')."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="cli", help="a label for the token (default: cli)")

    def handle(self, *args, username: str, name: str, **options):
        user = acting_user(username)
        with cli_origin():
            token = access.issue_token(user, name=name)
        self.stdout.write(token)
