"""``mixmig exchange keygen``: make this instance's exchange keys (Ed25519 signing, X25519 encryption)."""

from __future__ import annotations

import os
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from mixmig.apps.exchange import crypto


class Command(BaseCommand):
    help = (
        "Write a new private key file (mode 600) for the exchange between instances and print the two public "
        "keys to give partners. Point MIXMIG_EXCHANGE_PRIVATE_KEY_FILE at the file. With --public, print the "
        "public keys of the configured key instead."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", help="where to write the private key file")
        parser.add_argument("--force", action="store_true", help="overwrite an existing file")
        parser.add_argument("--public", action="store_true", help="print the configured key's public keys")

    def _print(self, keys: crypto.KeyPair) -> None:
        self.stdout.write(
            f"instance id:    {settings.EXCHANGE_INSTANCE_ID or '(set MIXMIG_EXCHANGE_INSTANCE_ID)'}"
        )
        self.stdout.write(f"signing key:    {keys.signing_public}")
        self.stdout.write(f"encryption key: {keys.encryption_public}")

    def handle(self, *args, output=None, force=False, public=False, **options):
        if public:
            if not settings.EXCHANGE_PRIVATE_KEY:
                raise CommandError("no key configured (MIXMIG_EXCHANGE_PRIVATE_KEY_FILE)")
            self._print(crypto.KeyPair.loads(settings.EXCHANGE_PRIVATE_KEY))
            return
        if not output:
            raise CommandError("name the file with --output (it holds the private key: keep it secret)")
        path = Path(output)
        if path.exists() and not force:
            raise CommandError(f"{path} exists; use --force to replace it (partners then need the new keys)")
        keys = crypto.KeyPair.generate()
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(keys.dumps())
        self.stdout.write(f"private key written to {path}")
        self._print(keys)
