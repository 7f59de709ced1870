"""``mixmig directory export [--output FILE.csv]``: write the service directory as CSV."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from mixmig.apps.directory import selectors, services


class Command(BaseCommand):
    help = "Write every service of the directory (active and inactive) as CSV, in the format directory import reads."

    def add_arguments(self, parser):
        parser.add_argument("--output", help="file to write (default: standard output)")

    def handle(self, *args, **options):
        text = services.export_csv(selectors.search_services(active_only=False))
        if options["output"]:
            with open(options["output"], "w", encoding="utf-8", newline="") as handle:
                handle.write(text)
            self.stderr.write(f"{text.count(chr(10)) - 1} services written to {options['output']}")
        else:
            self.stdout.write(text, ending="")
