"""``mixmig identity encode FILE --secret-file S --output ENC``: keyed Bloom-filter encodings of registrations."""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from mixmig.engines.linkage.bloom import Encoder
from mixmig.engines.linkage.csvio import InputError, read_registrations
from mixmig.engines.linkage.encoded_files import EncodedFile, write_encoded


class Command(BaseCommand):
    help = (
        "Encode registrations for privacy-preserving linkage with a secret shared between agencies. "
        "The output holds record ids and encodings only; exchange it instead of names."
    )

    def add_arguments(self, parser):
        parser.add_argument("input", help="registrations CSV (same columns as identity dedupe)")
        parser.add_argument(
            "--secret-file", required=True, help="file holding the shared secret (>= 16 bytes)"
        )
        parser.add_argument("--output", required=True, help="encoded file to write")
        parser.add_argument("--extra-columns", default="", help="comma-separated further columns to encode")

    def handle(self, *args, **options):
        secret_path = Path(options["secret_file"])
        if not secret_path.exists():
            raise CommandError(f"{secret_path}: no such secret file", returncode=2)
        try:
            rows = read_registrations(options["input"])
            encoder = Encoder(secret_path.read_bytes().strip())
        except (InputError, ValueError) as error:
            raise CommandError(str(error), returncode=2) from error
        extras = [c.strip() for c in options["extra_columns"].split(",") if c.strip()]
        encodings = encoder.encode(rows, extras)
        blocks = []
        for n, row in enumerate(rows, 1):
            blocks.append(encoder.blocking_keys(row, extras))
            if n % 50_000 == 0:
                print(f"encoded {n:,} of {len(rows):,}", file=sys.stderr, flush=True)
        write_encoded(
            options["output"],
            EncodedFile([r["record_id"] for r in rows], encodings, blocks, encoder.key_check),
        )
        self.stdout.write(f"{len(rows)} registrations encoded to {options['output']}")
