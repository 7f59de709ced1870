"""mixmig export registrations --as USERNAME --format csv|json [--output FILE] [filters]."""

from __future__ import annotations

import os
import sys
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from mixmig.apps.registry import tabular_export
from mixmig.apps.registry.errors import NotPermitted
from mixmig.cli.common import EXIT_INVALID, EXIT_NOT_PERMITTED, acting_user, cli_origin


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"{value!r} is not a date; use YYYY-MM-DD", returncode=EXIT_INVALID) from exc


class Command(BaseCommand):
    help = (
        "Export the registrations the user may see (role person.export, within their scope) as CSV (the import "
        "format) or JSON. The export is recorded in the audit log."
    )

    def add_arguments(self, parser):
        parser.add_argument("--as", dest="username", required=True, help="export as this user")
        parser.add_argument("--format", choices=["csv", "json"], default="csv")
        parser.add_argument("--output", "-o", default="", help="file to write (default: standard output)")
        parser.add_argument("--site", default="", help="only this site code")
        parser.add_argument("--nationality", default="", help="only this nationality (ISO alpha-3)")
        parser.add_argument("--sex", default="", choices=["", "female", "male", "other", "unknown"])
        parser.add_argument(
            "--from", dest="registered_from", default="", help="registered on or after YYYY-MM-DD"
        )
        parser.add_argument(
            "--to", dest="registered_to", default="", help="registered on or before YYYY-MM-DD"
        )

    def handle(self, *args, username: str, format: str, output: str, **options):
        user = acting_user(username)
        filters = {
            "site": options["site"] or None,
            "nationality": options["nationality"] or None,
            "sex": options["sex"] or None,
            "registered_from": _date(options["registered_from"]) if options["registered_from"] else None,
            "registered_to": _date(options["registered_to"]) if options["registered_to"] else None,
        }
        stream = open(output, "w", encoding="utf-8", newline="") if output else None  # noqa: SIM115
        try:
            with cli_origin():
                count = tabular_export.export_registrations(
                    user, format, stream or self.stdout._out, **filters
                )
        except NotPermitted as exc:
            raise CommandError(f"{username}: {exc}", returncode=EXIT_NOT_PERMITTED) from exc
        except BrokenPipeError:  # the reader (e.g. `| head`) went away; the export was already audited
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise CommandError(
                "output closed before the export was written", returncode=EXIT_INVALID
            ) from None
        finally:
            if stream:
                stream.close()
        if output:
            self.stdout.write(f"exported {count} registration(s) to {output}")
        else:
            sys.stderr.write(f"exported {count} registration(s)\n")
