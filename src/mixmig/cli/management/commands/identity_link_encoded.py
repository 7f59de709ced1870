"""``mixmig identity link-encoded ENC_A ENC_B --output PAIRS.csv``: link two agencies' encodings."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from mixmig.engines.linkage.csvio import InputError, write_rows
from mixmig.engines.linkage.encoded_files import read_encoded
from mixmig.engines.linkage.pprl import link_encoded


class Command(BaseCommand):
    help = "Find which encoded records of two agencies are the same person (one-to-one), without names."

    def add_arguments(self, parser):
        parser.add_argument("enc_a")
        parser.add_argument("enc_b")
        parser.add_argument(
            "--output", required=True, help="CSV to write: record_id_a, record_id_b, similarity"
        )
        parser.add_argument("--threshold", type=float, help="Dice similarity cut (default: estimated)")

    def handle(self, *args, **options):
        try:
            a, b = read_encoded(options["enc_a"]), read_encoded(options["enc_b"])
        except InputError as error:
            raise CommandError(str(error), returncode=2) from error
        if a.key_check != b.key_check:
            raise CommandError(
                "the two files were encoded with different secrets (key_check differs); "
                "both agencies must encode with the same shared secret",
                returncode=2,
            )
        links = link_encoded(a.encodings, b.encodings, options["threshold"], a.blocks, b.blocks)
        write_rows(
            options["output"],
            ["record_id_a", "record_id_b", "similarity"],
            (
                (a.record_id[x], b.record_id[y], f"{s:.4f}")
                for x, y, s in zip(links.a, links.b, links.similarity, strict=True)
            ),
        )
        self.stdout.write(
            f"{len(links.a)} linked pairs (threshold {links.threshold:.3f}, {links.candidates} candidates) "
            f"written to {options['output']}"
        )
