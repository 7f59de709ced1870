"""mixmig policy lint PACK — check a pack: schema, references, types, reachability, translations."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from mixmig.cli.common import EXIT_INVALID
from mixmig.engines.policy import PackError, resolve_pack
from mixmig.engines.policy.lint import lint_warnings


class Command(BaseCommand):
    help = (
        "Check policy packs; errors (file:line) exit 1, warnings are printed. --strict makes warnings errors."
    )

    def add_arguments(self, parser):
        parser.add_argument("packs", nargs="+", help="shipped pack ids or paths to pack YAML files")
        parser.add_argument("--strict", action="store_true", help="fail on warnings too")

    def handle(self, *args, packs, strict, **options):
        errors = warnings = 0
        for ref in packs:
            try:
                pack = resolve_pack(ref)
            except PackError as exc:
                for problem in exc.problems:
                    self.stdout.write(f"error: {problem}")
                errors += len(exc.problems)
                continue
            found = lint_warnings(pack)
            for w in found:
                self.stdout.write(f"warning: {w}")
            warnings += len(found)
            if not found:
                self.stdout.write(f"OK: {pack.id} {pack.version} ({pack.file})")
        if errors or (strict and warnings):
            raise CommandError(f"{errors} error(s), {warnings} warning(s)", returncode=EXIT_INVALID)
