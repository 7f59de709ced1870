"""Demo agencies, teams, sites and one user per role in each agency (idempotent)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from mixmig.apps.access import services as access
from mixmig.apps.access.roles import Role
from mixmig.apps.registry import services as registry
from mixmig.apps.registry.demo.routes import AGENCIES, SITES
from mixmig.apps.registry.models import Site

ROLE_SHORT = {
    Role.REGISTRATION_OFFICER: "officer",
    Role.CASEWORKER: "caseworker",
    Role.SUPERVISOR: "supervisor",
    Role.ANALYST: "analyst",
    Role.DATA_PROTECTION_OFFICER: "dpo",
    Role.ADMINISTRATOR: "admin",
}
AGENCY_SHORT = {"ita-reception": "ita", "refugee-agency": "ra", "corridor-ngo": "ngo"}


@dataclass(frozen=True)
class DemoUser:
    username: str
    password: str
    role: str
    agency: str
    team: str
    created: bool


def demo_password(username: str) -> str:
    """Demo-only passwords (``mixmig demo`` refuses to run outside development)."""
    return f"{username}-demo-2024"


def ensure_agencies() -> dict:
    return {code: access.create_agency(code, name, country) for code, name, country, _ in AGENCIES}


def ensure_sites(agencies: dict) -> int:
    created = 0
    for code, name, kind, country, lat, lon, agency in SITES:
        if Site.objects.filter(code=code).exists():
            continue
        registry.create_site(
            "system", code=code, name=name, kind=kind, country=country,
            latitude=Decimal(str(lat)), longitude=Decimal(str(lon)), agency=agencies[agency],
        )  # fmt: skip
        created += 1
    return created


def ensure_users(agencies: dict) -> list[DemoUser]:
    from django.contrib.auth import get_user_model

    users = get_user_model().objects
    out = []
    for code, _name, _country, teams in AGENCIES:
        agency = agencies[code]
        team_objs = [access.create_team(agency, t) for t in teams]
        for role, short in ROLE_SHORT.items():
            # Officers and caseworkers: one per team, so that team and own scopes show a difference.
            per_team = role in (Role.REGISTRATION_OFFICER, Role.CASEWORKER)
            for i, team in enumerate(team_objs if per_team else team_objs[:1]):
                username = f"{AGENCY_SHORT[code]}.{short}" + (str(i + 1) if per_team and i else "")
                password = demo_password(username)
                exists = users.filter(username=username).exists()
                if not exists:
                    access.create_user("system", username, password, role, agency, team)
                out.append(DemoUser(username, password, role, code, team.name, not exists))
    return out


def officers_by_site() -> dict[str, list]:
    """The registering users of each demo site: the officers (and a supervisor) of the site's agency."""
    from django.contrib.auth import get_user_model

    users = list(
        get_user_model()
        .objects.filter(
            role__in=[Role.REGISTRATION_OFFICER, Role.SUPERVISOR], agency__code__in=[a[0] for a in AGENCIES]
        )
        .select_related("agency", "team")
    )
    by_site: dict[str, list] = {}
    for site in Site.objects.filter(code__in=[s[0] for s in SITES]).select_related("agency"):
        by_site[site.code] = [u for u in users if u.agency_id == site.agency_id]
    return by_site
