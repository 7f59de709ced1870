"""mixmig import registrations FILE.csv|FILE.xlsx --site CODE --as USERNAME [--skip-invalid --report FILE]."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from mixmig.apps.registry import tabular, tabular_import
from mixmig.apps.registry.errors import NotPermitted
from mixmig.cli.common import EXIT_INVALID, EXIT_NOT_PERMITTED, Progress, acting_user, cli_origin


class Command(BaseCommand):
    help = (
        "Import registrations from a CSV (UTF-8) or XLSX file; one row per person, see docs/import-format.md. "
        "All-or-nothing unless --skip-invalid."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="a .csv (UTF-8) or .xlsx file")
        parser.add_argument("--site", default="", help="site code for rows without a site column value")
        parser.add_argument(
            "--as", dest="username", required=True, help="import as this user (role and agency)"
        )
        parser.add_argument(
            "--skip-invalid", action="store_true", help="import valid groups, skip the others"
        )
        parser.add_argument("--report", default="", help="write a row-by-row CSV report here")
        parser.add_argument("--no-progress", action="store_true", help="do not draw a progress bar")

    def handle(self, *args, file: str, site: str, username: str, skip_invalid: bool, report: str, **options):
        user = acting_user(username)
        name = Path(file).name
        progress = None if options["no_progress"] else Progress("importing", self.stderr._out)
        try:
            with cli_origin():
                result = tabular_import.import_registrations(
                    user, file, default_site=site, skip_invalid=skip_invalid, progress=progress
                )
            if progress:
                progress.finish()
        except tabular.TableProblem as exc:
            raise CommandError(str(exc), returncode=EXIT_INVALID) from exc
        except NotPermitted as exc:
            raise CommandError(f"{username}: {exc}", returncode=EXIT_NOT_PERMITTED) from exc
        for e in result.errors:
            where = f"row {e.row}, " if e.row is not None else ""
            self.stderr.write(f"{name}: {where}field {e.field}: {e.message}")
        if report:
            with open(report, "w", encoding="utf-8", newline="") as stream:
                tabular_import.write_report(result, stream)
        if result.errors and not skip_invalid:
            raise CommandError(
                f"{name}: {len(result.errors)} error(s) in {result.rows} row(s); nothing was imported. "
                "Fix the rows above, or use --skip-invalid --report REPORT.csv to import the valid ones.",
                returncode=EXIT_INVALID,
            )
        skipped = result.rows - result.imported
        self.stdout.write(
            f"{name}: imported {result.imported} of {result.rows} row(s) in {result.groups} registration(s) "
            f"or group(s); skipped {skipped}." + (f" Report: {report}" if report else "")
        )
        if skipped:
            raise CommandError(f"{name}: {skipped} row(s) skipped", returncode=EXIT_INVALID)
