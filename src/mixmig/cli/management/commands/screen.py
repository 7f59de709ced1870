"""mixmig screen — screen registrations (CSV / JSON Lines / KoBo submissions) under a policy pack."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from mixmig.cli.common import EXIT_INVALID, Progress
from mixmig.cli.management.commands._policy import caseload, load
from mixmig.engines.policy import evaluate, registration_schema, screen_batch
from mixmig.engines.policy.caseload import CaseloadError
from mixmig.engines.policy.questionnaire import answer_problems
from mixmig.engines.policy.submissions import read_submissions


class Command(BaseCommand):
    help = (
        "Screen registrations under a policy pack and write one JSON result per line (profiles, vulnerabilities, "
        "risk, routes, trace, pack id/version, facts). `--schema` prints the input JSON Schema."
    )

    def add_arguments(self, parser):
        parser.add_argument("input", nargs="?", help="registrations: .csv, .jsonl or .json (see --schema)")
        parser.add_argument(
            "--pack", help="shipped pack id (baseline, aurelia, borealis) or path to a pack YAML"
        )
        parser.add_argument("--output", help="results file (.jsonl); '-' or omitted: standard output")
        parser.add_argument("--schema", action="store_true", help="print the input JSON Schema and exit")
        parser.add_argument(
            "--kobo", action="store_true", help="INPUT is a KoBo/ODK export of `mixmig policy xlsform`"
        )
        parser.add_argument(
            "--batch", action="store_true", help="compile to SQL and screen in DuckDB (summaries, no trace)"
        )
        parser.add_argument("--no-trace", action="store_true", help="leave the trace out of each result")
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, input, pack, output, schema, kobo, batch, no_trace, no_progress, **options):
        if schema:
            self.stdout.write(json.dumps(registration_schema(), indent=2, ensure_ascii=False))
            return
        if not input or not pack:
            raise CommandError("give --pack PACK and an INPUT file (or --schema)", returncode=2)
        policy = load(pack)
        if kobo:
            try:
                registrations = read_submissions(input, policy)
            except (CaseloadError, OSError) as exc:
                raise CommandError(str(exc), returncode=EXIT_INVALID) from None
        else:
            registrations = caseload(input)
        problems = [
            msg
            for i, reg in enumerate(registrations, 1)
            for msg in answer_problems(policy, reg, f"{input}, record {i}: ")
        ]
        if problems:
            raise CommandError("\n".join(problems[:20]), returncode=EXIT_INVALID)
        out = sys.stdout if output in (None, "-") else Path(output).open("w", encoding="utf-8")
        try:
            if batch:
                for row in screen_batch(policy, registrations):
                    out.write(
                        json.dumps({"pack": policy.id, "version": policy.version, **row}, ensure_ascii=False)
                        + "\n"
                    )
            else:
                progress = (
                    None if no_progress or out is sys.stdout else Progress("screening", self.stderr._out)
                )
                for i, reg in enumerate(registrations, 1):
                    out.write(
                        json.dumps(
                            evaluate(policy, reg, trace=not no_trace), ensure_ascii=False, sort_keys=True
                        )
                        + "\n"
                    )
                    if progress:
                        progress(i, len(registrations))
                if progress:
                    progress.finish()
        finally:
            if out is not sys.stdout:
                out.close()
        if out is not sys.stdout:
            self.stderr.write(
                f"screened {len(registrations)} registrations under {policy.id} {policy.version} → {output}"
            )
