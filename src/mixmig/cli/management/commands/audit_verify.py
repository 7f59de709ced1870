"""mixmig audit verify — walk the hash chain and name the first broken event."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from mixmig.apps.audit import services as audit
from mixmig.cli.common import EXIT_INVALID, Progress


class Command(BaseCommand):
    help = "Verify the audit chain: prints 'OK: N events verified', or 'BROKEN at event #ID: reason' and exits 1."

    def add_arguments(self, parser):
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, no_progress: bool, **options):
        progress = None if no_progress else Progress("verifying", self.stderr._out)
        result = audit.verify(progress=progress)
        if progress:
            progress.finish()
        if result.ok:
            self.stdout.write(f"OK: {result.checked} events verified")
            return
        where = (
            f"event #{result.first_broken_id}"
            if result.first_broken_id is not None
            else "the end of the chain"
        )
        raise CommandError(
            f"BROKEN at {where}: {result.reason} ({result.checked} events before it verified)",
            returncode=EXIT_INVALID,
        )
