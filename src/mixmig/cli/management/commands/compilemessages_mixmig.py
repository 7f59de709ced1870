"""``mixmig compilemessages_mixmig``: compile every .po under the project's locale directories to .mo.

Uses polib (pure Python), so a fresh machine needs no gettext binaries. Fuzzy and obsolete entries are
left out, as ``msgfmt`` does. ``--check`` fails when any entry of a catalogue has no translation.
"""

from __future__ import annotations

from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


def catalogues() -> list[Path]:
    found: list[Path] = []
    for root in settings.LOCALE_PATHS:
        found.extend(sorted(Path(root).glob("*/LC_MESSAGES/*.po")))
    return found


class Command(BaseCommand):
    help = "Compile the translation catalogues (.po → .mo) with polib; no gettext binaries needed."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="fail if any entry is untranslated or fuzzy")

    def handle(self, *args, check: bool = False, **options):
        paths = catalogues()
        if not paths:
            self.stdout.write("No .po files found under " + ", ".join(str(p) for p in settings.LOCALE_PATHS))
            return
        problems = []
        for path in paths:
            try:
                po = polib.pofile(str(path))
            except (OSError, ValueError) as exc:
                raise CommandError(f"{path}: cannot be read as a .po file: {exc}") from exc
            missing = [e.msgid for e in po.untranslated_entries()] + [e.msgid for e in po.fuzzy_entries()]
            if missing:
                problems.append(f"{path}: {len(missing)} untranslated or fuzzy, first: {missing[0]!r}")
            po.save_as_mofile(str(path.with_suffix(".mo")))
            self.stdout.write(
                f"{path.with_suffix('.mo')}: {len(po.translated_entries())} messages ({po.percent_translated()}% translated)"
            )
        if check and problems:
            raise CommandError("\n".join(problems))
