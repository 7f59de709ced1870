"""A registration as plain data — the input shape of the engines (policy screening, linkage).

``registration_record`` gives the dict described by ``mixmig screen --schema``: identity facts, journey,
documents (kinds only), the companions it travels with (what each companion is to this person, and their
age) and the screening answers. It carries no names: screening needs none.
"""

from __future__ import annotations

from datetime import date

from mixmig.apps.registry.models import GroupRelation, Registration

# "A is the <relation> of B" read from B's side: what is B to A?
_INVERSE = {
    "parent": "other_relative",  # B is A's child: family, not a parent or guardian of A
    "legal_guardian": "unknown",  # B is A's ward
    "sibling": "sibling",
    "spouse": "spouse",
    "other_relative": "other_relative",
    "unrelated_adult": "unrelated_adult",
    "unknown": "unknown",
}


def age_on(registration: Registration, when: date) -> int | None:
    """Age in whole years on ``when`` from an exact date, a birth year (the younger possibility) or an estimate."""
    if registration.birth_date:
        b = registration.birth_date
        return when.year - b.year - ((when.month, when.day) < (b.month, b.day))
    if registration.age_estimate is not None:
        return registration.age_estimate + max(0, (when - registration.registered_on).days) // 365
    if registration.birth_year:
        return max(0, when.year - registration.birth_year - 1)
    return None


def _companions(
    registration: Registration, members: list[Registration], relations: list[GroupRelation], when
):
    out = []
    for other in members:
        if other.pk == registration.pk:
            continue
        relation = "unknown"
        for rel in relations:
            if rel.subject_id == other.pk and rel.other_id == registration.pk:
                relation = rel.relation
                break
            if rel.subject_id == registration.pk and rel.other_id == other.pk:
                relation = _INVERSE[rel.relation]
                if relation == "unrelated_adult" and (age_on(other, when) or 0) < 18:
                    relation = "unknown"
        out.append({"relation": relation, "age": age_on(other, when)})
    return out


def registration_record(registration: Registration, when: date | None = None) -> dict:
    """The engine input for one registration, as of ``when`` (default: its registration date)."""
    when = when or registration.registered_on
    members: list[Registration] = []
    relations: list[GroupRelation] = []
    if registration.group_id:
        members = list(Registration.objects.filter(group_id=registration.group_id))
        relations = list(GroupRelation.objects.filter(group_id=registration.group_id))
    answers = dict(registration.screening_answers or {})
    return {
        "record_id": str(registration.pk),
        "screening_date": when.isoformat(),
        "sex": registration.sex,
        "birth_date": registration.birth_date.isoformat() if registration.birth_date else None,
        "birth_year": registration.birth_year,
        "birth_precision": registration.birth_precision,
        "age_estimate": (age_on(registration, when) if registration.age_estimate is not None else None),
        "age_disputed": bool(answers.pop("age_disputed", False)),
        "nationalities": list(registration.nationalities or []),
        "origin_country": registration.origin_country or None,
        "intended_destination": registration.intended_destination or None,
        "transport_mode": registration.transport_mode or None,
        "smuggler_paid": registration.smuggler_paid,
        "journey_cost": float(registration.journey_cost) if registration.journey_cost is not None else None,
        "reasons_for_leaving": list(registration.reasons_for_leaving or []),
        "documents": [{"kind": d.kind} for d in registration.documents.all()],
        "companions": _companions(registration, members, relations, when),
        "answers": answers,
    }
