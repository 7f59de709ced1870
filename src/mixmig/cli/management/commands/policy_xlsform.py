"""mixmig policy xlsform PACK --output FORM.xlsx — the pack's questionnaire as an XLSForm for KoBo/ODK."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from mixmig.cli.common import EXIT_INVALID
from mixmig.cli.management.commands._policy import load
from mixmig.engines.policy.xlsform import languages_of, validate_xlsform, xlsform_bytes


class Command(BaseCommand):
    help = (
        "Export a pack's questionnaire (registration fields, companions, the pack's questions in its languages) "
        "as an XLSForm, checked with pyxform. Screen the collected submissions with `mixmig screen --kobo`."
    )

    def add_arguments(self, parser):
        parser.add_argument("pack")
        parser.add_argument("--output", required=True, help="the .xlsx file to write")
        parser.add_argument(
            "--languages", help="comma-separated language codes (default: the pack's, en first)"
        )

    def handle(self, *args, pack, output, languages, **options):
        policy = load(pack)
        langs = languages.split(",") if languages else languages_of(policy)
        if "en" not in langs:
            langs.insert(0, "en")
        data = xlsform_bytes(policy, langs)
        try:
            validate_xlsform(data)
        except Exception as exc:  # pyxform raises several error types; all mean the form is invalid
            raise CommandError(
                f"pyxform rejected the generated form: {exc}", returncode=EXIT_INVALID
            ) from exc
        Path(output).write_bytes(data)
        self.stdout.write(
            f"wrote {output}: {len(policy.questions)} questions, languages {', '.join(langs)} (pyxform: valid)"
        )
