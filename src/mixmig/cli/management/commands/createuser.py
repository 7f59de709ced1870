"""mixmig createuser USERNAME --role ROLE --agency CODE [--team NAME] [--scope S] [--password-file F]."""

from __future__ import annotations

import getpass
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from mixmig.apps.access import services as access
from mixmig.apps.access.roles import Role, Scope
from mixmig.cli.common import EXIT_INVALID, cli_origin

MIN_PASSWORD = 12


class Command(BaseCommand):
    help = (
        "Create a user with a role in an agency (and optionally a team and scope). The password is prompted."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument("--agency", required=True, help="agency code (created if --agency-name is given)")
        parser.add_argument(
            "--agency-name", default="", help="create the agency with this name if it is missing"
        )
        parser.add_argument("--team", default="", help="team name inside the agency (created if missing)")
        parser.add_argument(
            "--scope", default="", choices=["", *Scope.values], help="default depends on the role"
        )
        parser.add_argument(
            "--password-file", default="", help="read the password from this file (first line)"
        )

    def _password(self, path: str) -> str:
        if path:
            try:
                password = Path(path).read_text(encoding="utf-8").splitlines()[0]
            except (OSError, IndexError) as exc:
                raise CommandError(
                    f"cannot read a password from {path}: {exc}", returncode=EXIT_INVALID
                ) from exc
        else:
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password (again): "):
                raise CommandError("the passwords do not match", returncode=EXIT_INVALID)
        if len(password) < MIN_PASSWORD:
            raise CommandError(
                f"the password must have at least {MIN_PASSWORD} characters", returncode=EXIT_INVALID
            )
        return password

    def handle(self, *args, username, role, agency, agency_name, team, scope, password_file, **options):
        users = get_user_model().objects
        if users.filter(username=username).exists():
            raise CommandError(f"a user named {username!r} already exists", returncode=EXIT_INVALID)
        known = users.model._meta.get_field("agency").related_model.objects.filter(code=agency).first()
        if known is None and not agency_name:
            raise CommandError(
                f"no agency with code {agency!r}; give --agency-name NAME to create it",
                returncode=EXIT_INVALID,
            )
        password = self._password(password_file)
        with cli_origin():
            agency_obj = known or access.create_agency(agency, agency_name)
            team_obj = access.create_team(agency_obj, team) if team else None
            user = access.create_user("cli", username, password, role, agency_obj, team_obj, scope=scope)
        self.stdout.write(
            f"created {user.username}: {role}, agency {agency}, team {team or '-'}, scope {user.scope}"
        )
