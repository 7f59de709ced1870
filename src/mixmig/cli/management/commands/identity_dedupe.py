"""``mixmig identity dedupe INPUT.csv --output OUT.csv``: cluster registrations of the same person."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from mixmig.engines.linkage import dedupe
from mixmig.engines.linkage.csvio import InputError, read_registrations, write_rows


class Command(BaseCommand):
    help = (
        "Find registrations of the same person. INPUT.csv has columns record_id, given_name, family_name, "
        "sex, date_of_birth (YYYY-MM-DD, YYYY or empty), nationality (ISO alpha-3 or empty); names in any "
        "script. Writes record_id, cluster_id for every input record."
    )

    def add_arguments(self, parser):
        parser.add_argument("input", help="registrations CSV")
        parser.add_argument("--output", required=True, help="CSV to write: record_id, cluster_id")
        parser.add_argument("--threshold", type=float, default=0.5, help="match probability to accept a pair")
        parser.add_argument(
            "--extra-columns", default="", help="comma-separated further columns to compare (e.g. postcode)"
        )
        parser.add_argument("--pairs", help="also write scored pairs with a field-by-field explanation (CSV)")
        parser.add_argument("--model", help="also write the trained model (JSON)")

    def handle(self, *args, **options):
        try:
            rows = read_registrations(options["input"])
        except InputError as error:
            raise CommandError(str(error), returncode=2) from error
        extras = [c.strip() for c in options["extra_columns"].split(",") if c.strip()]
        absent = [c for c in extras if rows and c not in rows[0]]
        if absent:
            raise CommandError(
                f"{options['input']}: no column(s) {', '.join(absent)} for --extra-columns", returncode=2
            )
        result = dedupe(rows, extras=extras, threshold=options["threshold"], progress=self._progress)
        ids = result.cluster_ids()
        write_rows(
            options["output"], ["record_id", "cluster_id"], zip(result.prepared.record_id, ids, strict=True)
        )
        if options["pairs"]:
            rid = result.prepared.record_id
            write_rows(
                options["pairs"],
                ["record_id_l", "record_id_r", "match_probability", "explanation"],
                (
                    (
                        rid[result.i[k]],
                        rid[result.j[k]],
                        f"{result.probability[k]:.4f}",
                        json.dumps(
                            result.explain(k),
                            ensure_ascii=False,
                        ),
                    )
                    for k in result.matches()
                ),
            )
        if options["model"]:
            with open(options["model"], "w", encoding="utf-8") as handle:
                json.dump(result.model.to_dict(), handle, indent=2)
        clusters = len(set(ids))
        self.stdout.write(f"{len(ids)} registrations, {clusters} persons, written to {options['output']}")

    def _progress(self, message: str) -> None:
        self.stderr.write(message)
