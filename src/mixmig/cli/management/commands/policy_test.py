"""mixmig policy test PACK — run a pack's own test cases."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from mixmig.cli.common import EXIT_INVALID
from mixmig.cli.management.commands._policy import load
from mixmig.engines.policy import run_cases


class Command(BaseCommand):
    help = "Run the test cases declared in one or more policy packs; exits 1 if any fails."

    def add_arguments(self, parser):
        parser.add_argument("packs", nargs="+", help="shipped pack ids or paths to pack YAML files")

    def handle(self, *args, packs, **options):
        failed = 0
        for ref in packs:
            pack = load(ref)
            outcomes = run_cases(pack)
            for o in outcomes:
                where = f"{pack.file}:{o.line}" if o.line else pack.file
                self.stdout.write(f"{'PASS' if o.passed else 'FAIL'} {where} {o.name}")
                for failure in o.failures:
                    self.stdout.write(f"     {failure}")
            bad = sum(not o.passed for o in outcomes)
            failed += bad
            self.stdout.write(f"{pack.id} {pack.version}: {len(outcomes) - bad} passed, {bad} failed")
        if failed:
            raise CommandError(f"{failed} test case(s) failed", returncode=EXIT_INVALID)
