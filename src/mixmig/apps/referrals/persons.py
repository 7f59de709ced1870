"""What referrals and cases need to know about a person from the registry: age, child, unaccompanied.

A child is a child first (DESIGN.md principle 3): under 18 by the lowest age the registration allows, or the
age is disputed and not yet assessed (benefit of the doubt).
"""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from mixmig.apps.registry import selectors as registry

MAJORITY = 18
GUARDIAN_RELATIONS = frozenset({"parent", "legal_guardian"})


def latest_registration(person):
    return registry.newest_registration(person)


def age_in_years(registration, today: date | None = None) -> int | None:
    """The lowest age the registration allows (year-only birth → the younger possibility)."""
    if registration is None:
        return None
    today = today or timezone.localdate()
    if registration.birth_date:
        b = registration.birth_date
        return today.year - b.year - ((today.month, today.day) < (b.month, b.day))
    if registration.birth_year:
        return today.year - registration.birth_year - 1
    if registration.age_estimate is not None:
        return registration.age_estimate + (today - registration.registered_on).days // 366
    return None


def is_child(person) -> bool:
    """Under 18, or the age is disputed and not yet assessed, or the assessment was inconclusive."""
    from mixmig.apps.cases import selectors as cases  # cases build on referrals; imported late

    state = cases.age_assessment_state(person)
    if state == "adult":
        return False
    if state in ("pending", "inconclusive", "minor"):
        return True
    registration = latest_registration(person)
    if registration is not None and (registration.screening_answers or {}).get("age_disputed") is True:
        return True
    age = age_in_years(registration)
    return age is not None and age < MAJORITY


def has_parent_or_guardian(person) -> bool:
    registration = latest_registration(person)
    if registration is None or registration.group_id is None:
        return False
    relations = registration.relations_as_other.all()
    return any(r.relation in GUARDIAN_RELATIONS for r in relations)


def is_unaccompanied_child(person) -> bool:
    return is_child(person) and not has_parent_or_guardian(person)
