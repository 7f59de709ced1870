"""Data minimisation: the personal fields a referral carries, limited to the field groups it shares."""

from __future__ import annotations

from mixmig.apps.directory.vocabularies import FieldGroup
from mixmig.apps.referrals import persons


def _iso(value):
    return value.isoformat() if value else None


def _identity(reg) -> dict:
    return {
        "given_name": reg.given_name,
        "family_name": reg.family_name,
        "given_name_original": reg.given_name_original,
        "family_name_original": reg.family_name_original,
        "sex": reg.sex,
        "birth_date": _iso(reg.birth_date),
        "birth_year": reg.birth_year,
        "birth_precision": reg.birth_precision,
        "age_estimate": reg.age_estimate,
    }


def _group(reg) -> dict:
    if reg.group_id is None:
        return {"travels_alone": True, "relations": []}
    relations = [r.relation for r in reg.relations_as_other.all()] + [
        r.relation for r in reg.relations_as_subject.all()
    ]
    return {"travels_alone": False, "relations": sorted(set(relations))}


_EXTRACT = {
    FieldGroup.IDENTITY: _identity,
    FieldGroup.NATIONALITY: lambda r: {
        "nationalities": list(r.nationalities),
        "languages": list(r.languages),
    },
    FieldGroup.DOCUMENTS: lambda r: {
        "documents": [
            {"kind": d.kind, "number": d.number, "issuing_country": d.issuing_country}
            for d in r.documents.all()
        ]
    },
    FieldGroup.CONTACT: lambda r: {
        "contacts": [{"kind": c.kind, "value": c.value} for c in r.contacts.all()]
    },
    FieldGroup.JOURNEY: lambda r: {
        "origin_country": r.origin_country,
        "intended_destination": r.intended_destination,
        "transport_mode": r.transport_mode,
        "transit_countries": [leg.country for leg in r.legs.all()],
    },
    FieldGroup.REASONS: lambda r: {"reasons_for_leaving": list(r.reasons_for_leaving)},
    FieldGroup.SCREENING: lambda r: {"screening_answers": dict(r.screening_answers)},
    FieldGroup.GROUP: _group,
}


def shared_fields(person, groups: list[str]) -> dict:
    """The values of ``groups`` from the person's newest registration, and nothing else."""
    registration = persons.latest_registration(person)
    if registration is None:
        return {}
    out: dict = {}
    for group in groups:
        extract = _EXTRACT.get(group)
        if extract:
            out.update(extract(registration))
    return out
