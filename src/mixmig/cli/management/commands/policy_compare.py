"""mixmig policy compare PACK_A PACK_B --caseload FILE — where two packs profile and route differently."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand

from mixmig.cli.management.commands._policy import caseload as read_caseload
from mixmig.cli.management.commands._policy import load
from mixmig.engines.policy import compare_packs, format_comparison


class Command(BaseCommand):
    help = "Run one caseload through two policy packs and show who is profiled and routed differently."

    def add_arguments(self, parser):
        parser.add_argument("pack_a")
        parser.add_argument("pack_b")
        parser.add_argument("--caseload", required=True, help="registrations: .csv, .jsonl or .json")
        parser.add_argument("--format", choices=["text", "json"], default="text")
        parser.add_argument(
            "--examples", type=int, default=3, help="example record ids per difference (default 3)"
        )

    def handle(self, *args, pack_a, pack_b, caseload: str, format: str, examples: int, **options):
        a, b = load(pack_a), load(pack_b)
        data = compare_packs(a, b, read_caseload(caseload), examples=examples)
        if format == "json":
            self.stdout.write(json.dumps(data, indent=2, ensure_ascii=False))
        else:
            self.stdout.write(format_comparison(data))
