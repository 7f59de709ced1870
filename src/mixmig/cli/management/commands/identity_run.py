"""``mixmig identity run --as USER``: a batch linkage run over the whole registry, with progress on stderr.

New possible matches go to the review queue (web: Identity review; API: ``GET /api/v1/identity/matches``).
"""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand, CommandError

from mixmig.apps.identity import selectors, services
from mixmig.apps.registry.errors import InvalidInput, NotPermitted
from mixmig.cli.common import acting_user, cli_origin


class Command(BaseCommand):
    help = "Run the linkage engine over every registration and queue possible matches for review."

    def add_arguments(self, parser):
        parser.add_argument(
            "--as", dest="username", default="", help="user with person.merge (supervisor, DPO)"
        )
        parser.add_argument("--no-progress", action="store_true", help="do not print progress to stderr")

    def handle(self, *args, **options):
        user = acting_user(options["username"])

        def progress(fraction: float, message: str) -> None:
            if not options["no_progress"]:
                bar = "#" * int(fraction * 30)
                sys.stderr.write(f"\r[{bar:<30}] {fraction:4.0%} {message[:70]:<70}")
                sys.stderr.flush()

        with cli_origin():
            try:
                run = services.start_run(user, background=False, progress=progress)
            except NotPermitted as exc:
                raise CommandError(str(exc), returncode=3) from exc
            except InvalidInput as exc:
                raise CommandError(str(exc), returncode=1) from exc
        if not options["no_progress"]:
            sys.stderr.write("\n")
        run = selectors.get_run(user, run.pk)
        if run.status != run.Status.DONE:
            raise CommandError(
                f"linkage run {run.pk} failed: {run.error.splitlines()[0] if run.error else ''}"
            )
        counts = run.counts
        self.stdout.write(
            f"linkage run {run.pk}: {counts.get('registrations', 0)} registrations, "
            f"{counts.get('proposed', 0)} new possible matches for review"
        )
