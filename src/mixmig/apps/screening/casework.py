"""Screening in casework: routes → directory service types, unresolved indications for the
non-refoulement guard of referrals, and screenings on the case timeline.

Registered from ``ScreeningConfig.ready`` through the extension points ``referrals.guards.INDICATION_SOURCES``
and ``cases.selectors.TIMELINE_SOURCES``.
"""

from __future__ import annotations

from mixmig.apps.directory.vocabularies import ServiceType as T
from mixmig.apps.registry import selectors as registry
from mixmig.apps.screening.models import Screening

#: A route's procedure (policy-pack vocabulary) → the directory service type that runs it.
PROCEDURE_TYPES = {
    "asylum": T.ASYLUM_PROCEDURE,
    "national_referral_mechanism": T.NATIONAL_REFERRAL_MECHANISM,
    "best_interests_procedure": T.BEST_INTERESTS_PROCEDURE,
    "statelessness_determination": T.STATELESSNESS_DETERMINATION,
    "temporary_protection": T.TEMPORARY_PROTECTION,
    "humanitarian_protection": T.TEMPORARY_PROTECTION,
    "regular_pathway": T.REGULAR_PATHWAY,
    "assisted_voluntary_return": T.ASSISTED_VOLUNTARY_RETURN,
    "return": T.RETURN,
}
#: A route's services (policy-pack vocabulary) → directory service types.
SERVICE_TYPES = {
    "child_protection": T.CHILD_PROTECTION,
    "guardianship": T.GUARDIANSHIP,
    "family_tracing": T.FAMILY_TRACING,
    "age_assessment": T.CHILD_PROTECTION,
    "counter_trafficking": T.NATIONAL_REFERRAL_MECHANISM,
    "safe_shelter": T.SHELTER,
    "shelter": T.SHELTER,
    "medical": T.HEALTH,
    "maternal_health": T.HEALTH,
    "mental_health": T.PSYCHOSOCIAL,
    "psychosocial": T.PSYCHOSOCIAL,
    "gbv_services": T.PSYCHOSOCIAL,
    "legal_aid": T.LEGAL_AID,
    "labour_migration": T.REGULAR_PATHWAY,
    "reintegration": T.ASSISTED_VOLUNTARY_RETURN,
}


def service_types(route: dict) -> list[str]:
    """Directory service types that can take this route: the procedure first, then its services."""
    out = [PROCEDURE_TYPES.get(route.get("procedure", ""))]
    out += [SERVICE_TYPES.get(s, T.OTHER) for s in route.get("services") or []]
    return list(dict.fromkeys(str(t) for t in out if t))


def proposed_route(user, person, registration_id: int, route_id: str) -> tuple[Screening, dict] | None:
    """The route ``route_id`` of the current screening of one of the person's registrations the user sees."""
    ids = [r.pk for r in registry.person_registrations(user, person) if r.pk == registration_id]
    screening = Screening.objects.filter(registration_id__in=ids, is_current=True).first()
    if screening is None:
        return None
    route = next((r for r in screening.result.get("routes", []) if r.get("id") == route_id), None)
    return (screening, route) if route else None


# ---- non-refoulement: indications screening found and no procedure has resolved yet -------------------

_RESOLVED_BY = {
    "international_protection": T.ASYLUM_PROCEDURE,
    "trafficking_victim": T.NATIONAL_REFERRAL_MECHANISM,
}
_CHILD_KINDS = ("unaccompanied_child", "separated_child")


def unresolved_indications(person) -> list[str]:
    """``INDICATION_SOURCES`` entry: guarded profiles of the person's current screenings still unresolved."""
    from mixmig.apps.cases import selectors as cases
    from mixmig.apps.referrals import selectors as referrals

    kinds: dict[str, str] = {}
    for screening in Screening.objects.filter(person=person, is_current=True):
        for profile in screening.result.get("profiles", []):
            kinds.setdefault(profile.get("kind", ""), f"{profile.get('id')} ({screening.pack_id})")
    out = []
    for kind, service_type in _RESOLVED_BY.items():
        if kind in kinds and not referrals.procedure_completed(person, service_type):
            out.append(
                f"screening indicates {kinds[kind]}, not yet resolved by a completed {service_type} referral"
            )
    child = next((k for k in _CHILD_KINDS if k in kinds), None)
    if child and not cases.best_interests_determined(person):
        out.append(f"screening indicates {kinds[child]}, without a best-interests determination")
    return out


def timeline(user, case) -> list[tuple]:
    """``TIMELINE_SOURCES`` entry: the screenings of the case's person that the user may see."""
    if not case.person_id:
        return []
    ids = [r.pk for r in registry.person_registrations(user, case.person)]
    events = []
    for s in Screening.objects.filter(registration_id__in=ids).order_by("screened_at"):
        profiles = ", ".join(s.profiles) or "—"
        events.append(
            (
                s.screened_at,
                "screening",
                f"Screened under {s.pack_id} {s.pack_version} ({s.trigger}): {profiles}; "
                f"risk {s.risk_level or '—'}",
            )
        )
    return events


def register() -> None:
    from mixmig.apps.cases import selectors as cases
    from mixmig.apps.referrals import guards

    if unresolved_indications not in guards.INDICATION_SOURCES:
        guards.INDICATION_SOURCES.append(unresolved_indications)
    if timeline not in cases.TIMELINE_SOURCES:
        cases.TIMELINE_SOURCES.append(timeline)
