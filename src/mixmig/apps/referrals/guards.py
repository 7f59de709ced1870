"""Non-refoulement for hand-made referrals (DESIGN.md principle 2), from the data this app can see.

No referral to return or removal while any of these holds for the person:
* an open referral to an asylum, trafficking (national referral mechanism), best-interests or
  statelessness procedure;
* a possible international-protection need (reasons for leaving: persecution or conflict and violence)
  without a completed asylum procedure;
* an unaccompanied child (or age not yet assessed) without a best-interests determination;
* any further unresolved indication reported by a registered source (the screening app registers one).

The screening engine applies the same rule to proposed routes (``engines/policy/guards.py``).
"""

from __future__ import annotations

from collections.abc import Callable

from mixmig.apps.directory.vocabularies import PROTECTION_TYPES, RETURN_TYPES, ServiceType
from mixmig.apps.referrals import persons
from mixmig.apps.referrals.models import Referral
from mixmig.apps.referrals.vocabularies import OPEN_STATUSES, ReferralStatus

PROTECTION_REASONS = frozenset({"persecution", "conflict_violence"})

#: Other apps add callables ``person -> list[str]`` naming unresolved indications (e.g. screening profiles).
INDICATION_SOURCES: list[Callable] = []


def is_return(service_type: str) -> bool:
    return service_type in RETURN_TYPES


def unresolved_indications(person, exclude_referral_id: int | None = None) -> list[str]:
    """Why returning this person now would risk refoulement (empty when nothing is unresolved)."""
    reasons: list[str] = []
    mine = Referral.objects.filter(person=person).exclude(pk=exclude_referral_id)
    for ref in mine.filter(service_type__in=PROTECTION_TYPES, status__in=OPEN_STATUSES):
        reasons.append(f"referral R{ref.pk} to {ref.service_type} is still open ({ref.status})")
    registration = persons.latest_registration(person)
    declared = set((registration.reasons_for_leaving or []) if registration else []) & PROTECTION_REASONS
    asylum_done = mine.filter(
        service_type=ServiceType.ASYLUM_PROCEDURE, status=ReferralStatus.COMPLETED
    ).exists()
    if declared and not asylum_done:
        reasons.append(
            "possible international-protection need (reasons for leaving: "
            + ", ".join(sorted(declared))
            + ") not yet determined by the asylum procedure"
        )
    if persons.is_unaccompanied_child(person):
        from mixmig.apps.cases import selectors as cases

        if not cases.best_interests_determined(person):
            reasons.append("unaccompanied or separated child without a best-interests determination")
    for source in INDICATION_SOURCES:
        reasons.extend(source(person))
    return reasons
