"""``mixmig directory import FILE.csv``: create or update services of the service directory."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from mixmig.apps.directory import services
from mixmig.apps.registry.errors import InvalidInput


class Command(BaseCommand):
    help = (
        "Create or update directory services from a CSV file (UTF-8, header row). Columns: "
        + ", ".join(services.COLUMNS)
        + ". All or nothing: any wrong row is reported (row, field, allowed values) and nothing is written."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV file")

    def handle(self, *args, **options):
        try:
            with open(options["file"], encoding="utf-8") as handle:
                text = handle.read()
        except OSError as exc:
            raise CommandError(f"{options['file']}: {exc.strerror}", returncode=2) from exc
        try:
            created, updated = services.import_csv("cli", text)
        except InvalidInput as exc:
            raise CommandError(
                f"{options['file']}: nothing imported:\n" + "\n".join(f"  {e}" for e in exc.errors),
                returncode=2,
            ) from exc
        self.stdout.write(f"{created} services created, {updated} updated")
