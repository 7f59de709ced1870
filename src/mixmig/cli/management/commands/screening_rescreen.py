"""``mixmig screening rescreen [--pack PACK]``: screen again every registration whose current screening used
another pack or version (run it after changing ``MIXMIG_POLICY_PACK`` or upgrading a pack)."""

from __future__ import annotations

import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from mixmig.apps.audit.context import origin
from mixmig.apps.screening import services
from mixmig.engines.policy import PackError, resolve_pack


class Command(BaseCommand):
    help = "Screen again every registration whose current screening used another policy pack or version."

    def add_arguments(self, parser):
        parser.add_argument("--pack", default="", help="pack id or YAML path (default: MIXMIG_POLICY_PACK)")
        parser.add_argument("--no-progress", action="store_true", help="do not print progress to stderr")

    def handle(self, *args, **options):
        ref = options["pack"] or settings.POLICY_PACK
        try:
            pack = resolve_pack(ref)
        except PackError as exc:
            raise CommandError(str(exc)) from exc

        def progress(done: int, total: int) -> None:
            if not options["no_progress"]:
                sys.stderr.write(f"\rre-screened {done}/{total}")
                sys.stderr.flush()

        with origin("cli", "cli"):
            count = services.rescreen_outdated("system", pack=pack, progress=progress)
        if count and not options["no_progress"]:
            sys.stderr.write("\n")
        self.stdout.write(f"re-screened {count} registrations under {pack.id} {pack.version}")
