"""The ``mixmig`` console script.

``mixmig COMMAND [SUBCOMMAND] ...`` runs Django management commands. Two-word commands such as
``mixmig import registrations FILE`` or ``mixmig audit verify`` map to the management command
``import_registrations`` / ``audit_verify``.
"""

from __future__ import annotations

import os
import sys


def _resolve(argv: list[str], known: set[str]) -> list[str]:
    if len(argv) >= 3 and f"{argv[1]}_{argv[2]}".replace("-", "_") in known:
        return [argv[0], f"{argv[1]}_{argv[2]}".replace("-", "_"), *argv[3:]]
    return argv


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mixmig.settings")
    import django
    from django.conf import settings
    from django.core.management import execute_from_command_line, get_commands

    argv = list(sys.argv if argv is None else argv)
    django.setup()
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
    execute_from_command_line(_resolve(argv, set(get_commands())))


if __name__ == "__main__":
    main()
