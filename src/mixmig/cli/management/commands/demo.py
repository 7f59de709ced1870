"""mixmig demo — agencies, sites, users for every role and a few thousand realistic registrations."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from mixmig.apps.registry.demo import DemoRefused, run_demo
from mixmig.cli.common import Progress, cli_origin


class Command(BaseCommand):
    help = (
        "Create demo agencies, sites, one user per role (passwords printed) and SIZE generated registrations. "
        "Idempotent: running it again adds nothing. Development only."
    )

    def add_arguments(self, parser):
        parser.add_argument("--size", type=int, default=3000, help="number of registrations (default 3000)")
        parser.add_argument("--seed", type=int, default=2024, help="random seed (default 2024)")
        parser.add_argument("--no-progress", action="store_true", help="do not draw a progress bar")

    def handle(self, *args, size: int, seed: int, no_progress: bool, **options):
        if size < 0:
            raise CommandError("--size must be 0 or more")
        progress = None if no_progress else Progress("registering", self.stderr._out)
        try:
            with cli_origin():
                result = run_demo(size=size, seed=seed, progress=progress)
        except DemoRefused as exc:
            raise CommandError(f"{exc}. Set MIXMIG_ENV=development to use it.") from exc
        if progress:
            progress.finish()
        self._print_users(result.users)
        self.stdout.write(
            f"\nSites created: {result.sites_created}. Registrations: {result.registrations_before} already there, "
            f"{result.registrations_created} created in {result.seconds:.1f} s."
        )
        if result.kinds:
            kinds = ", ".join(f"{k} {v}" for k, v in sorted(result.kinds.items()))
            self.stdout.write(f"Travel groups created by kind: {kinds}.")
        self.stdout.write("These demo passwords are public: never use `mixmig demo` on a real deployment.")

    def _print_users(self, users) -> None:
        headers = ("user name", "password", "role", "agency", "team")
        rows = [(u.username, u.password, u.role, u.agency, u.team) for u in users]
        widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(headers)]
        line = "  ".join(f"{{:<{w}}}" for w in widths)
        self.stdout.write(line.format(*headers))
        self.stdout.write(line.format(*("-" * w for w in widths)))
        for row in rows:
            self.stdout.write(line.format(*row))
