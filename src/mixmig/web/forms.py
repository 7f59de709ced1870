"""The registration form: one screen for one person or a whole travel group.

POST layout: ``member`` lists the row keys in screen order; a row's inputs are ``m-<key>-<field>``; its
document rows are listed by ``m-<key>-doc`` and named ``m-<key>-d-<dkey>-<field>``. Journey fields are
shared by the group and copied to every member. Rows are renumbered 0..n-1 in screen order, so the
validator's ``members[2].documents[0].number`` points back at the third row's first document.
The duplicate check's choice is ``m-<key>-same_as`` (a person number, or empty for a new person).
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field

from mixmig.apps.registry.errors import FieldError
from mixmig.web.fields import (
    DOCUMENT_SPECS,
    JOURNEY_KEYS,
    JOURNEY_SPECS,
    MEMBER_SPECS,
    RELATION_MAP,
    Field,
)

MAX_MEMBERS = 40
MAX_DOCUMENTS = 10
_KEY = re.compile(r"^[a-z0-9]{1,16}$")
_MEMBER_ERROR = re.compile(r"^members\[(\d+)\]\.(.+)$")
_INDEXED = re.compile(r"^(\w+)\[(\d+)\](?:\.(\w+))?$")
_LIST_SPLIT = re.compile(r"[,;\s]+")


def new_key() -> str:
    return secrets.token_hex(4)


def _keys(values: list[str], limit: int) -> list[str]:
    out: list[str] = []
    for key in values:
        if _KEY.match(key) and key not in out:
            out.append(key)
    return out[:limit]


def split_list(text: str) -> list[str]:
    return [part for part in _LIST_SPLIT.split(text or "") if part]


@dataclass
class DocumentRow:
    key: str
    values: dict
    errors: dict = field(default_factory=dict)

    def fields(self, member_key: str) -> dict[str, Field]:
        prefix = f"m-{member_key}-d-{self.key}-"
        return {
            s.key: s.bind(prefix, self.values.get(s.key, ""), self.errors.get(s.key)) for s in DOCUMENT_SPECS
        }

    def is_blank(self) -> bool:
        return not any(
            (self.values.get(k) or "").strip() for k in ("number", "issuing_country", "expires_on")
        )


@dataclass
class MemberRow:
    key: str
    values: dict
    documents: list[DocumentRow]
    errors: dict = field(default_factory=dict)
    position: int = 0
    same_as: str = ""  # a person number chosen in the duplicate check ("same person"); "" = a new person
    duplicates: list | None = None  # candidates of the duplicate check; None = not checked

    @property
    def f(self) -> dict[str, Field]:
        prefix = f"m-{self.key}-"
        return {
            s.key: s.bind(prefix, self.values.get(s.key, ""), self.errors.get(s.key)) for s in MEMBER_SPECS
        }

    @property
    def document_rows(self) -> list[tuple[DocumentRow, dict[str, Field]]]:
        return [(doc, doc.fields(self.key)) for doc in self.documents]

    @property
    def number(self) -> int:
        return self.position + 1

    def service_dict(self) -> dict:
        data = {
            k: (v.strip() if isinstance(v, str) else v) for k, v in self.values.items() if k != "relation"
        }
        data["documents"] = [
            {k: doc.values.get(k, "") for k in ("kind", "number", "issuing_country", "expires_on")}
            for doc in self.documents
            if not doc.is_blank()
        ]
        return data


def blank_member(position: int = 0) -> MemberRow:
    return MemberRow(
        new_key(),
        {"sex": "unknown", "relation": "unknown"},
        [DocumentRow(new_key(), {"kind": "passport"})],
        position=position,
    )


def journey_fields(values: dict, errors: dict) -> dict[str, Field]:
    return {
        s.key: s.bind("", values.get(s.key, [] if s.kind == "checkboxes" else ""), errors.get(s.key))
        for s in JOURNEY_SPECS
    }


def journey_from_post(post) -> dict:
    values = {key: post.get(key, "") for key in JOURNEY_KEYS if key != "reasons_for_leaving"}
    values["reasons_for_leaving"] = post.getlist("reasons_for_leaving")
    return values


def journey_service_dict(values: dict) -> dict:
    """The journey as the validator reads it (shared by every member of a group)."""
    data = {
        k: (values.get(k) or "").strip()
        for k in JOURNEY_KEYS
        if k not in ("transit_countries", "reasons_for_leaving")
    }
    data["reasons_for_leaving"] = list(values.get("reasons_for_leaving") or [])
    data["legs"] = [{"country": code.upper()} for code in split_list(values.get("transit_countries", ""))]
    return data


def member_from_post(post, key: str, position: int) -> MemberRow:
    prefix = f"m-{key}-"
    values = {s.key: post.get(prefix + s.key, "") for s in MEMBER_SPECS}
    docs = []
    for dkey in _keys(post.getlist(prefix + "doc"), MAX_DOCUMENTS):
        dprefix = f"{prefix}d-{dkey}-"
        docs.append(DocumentRow(dkey, {s.key: post.get(dprefix + s.key, "") for s in DOCUMENT_SPECS}))
    # Rows left blank are not documents; compact so validator indexes match the rows shown again.
    docs = [d for d in docs if not d.is_blank()] or [DocumentRow(new_key(), {"kind": "passport"})]
    # "Same person" in the duplicate check makes this a new registration of that known person.
    same_as = post.get(prefix + "same_as", "").strip()[:40]
    if same_as:
        values["person_number"] = same_as
    return MemberRow(key, values, docs, position=position, same_as=same_as)


def has_identity(member: dict) -> bool:
    """Whether a member dict carries a name to check for duplicates (in Latin letters or original script)."""
    return any(
        (member.get(k) or "").strip()
        for k in ("given_name", "family_name", "given_name_original", "family_name_original")
    )


class ErrorSink:
    """Places validator errors: on a member row, its documents, the shared journey, or the form top."""

    def __init__(self, members: list[MemberRow], journey_errors: dict, top: dict, relation_owner: list[int]):
        self.members = members
        self.journey = journey_errors
        self.top = top
        self.relation_owner = relation_owner

    @staticmethod
    def _add(target: dict, key: str, message: str) -> None:
        bucket = target.setdefault(key, [])
        if message not in bucket:
            bucket.append(message)

    def place_all(self, errors: list[FieldError]) -> None:
        for error in errors:
            self.place(error)

    def place(self, error: FieldError) -> None:
        name, message = error.field, str(error.message)
        index = 0
        match = _MEMBER_ERROR.match(name)
        if match:
            index, name = int(match.group(1)), match.group(2)
        indexed = _INDEXED.match(name)
        if indexed and indexed.group(1) == "relations":
            owner = (
                self.relation_owner[int(indexed.group(2))]
                if int(indexed.group(2)) < len(self.relation_owner)
                else None
            )
            if owner is not None and owner < len(self.members):
                self._add(self.members[owner].errors, "relation", message)
                return
        if name in JOURNEY_KEYS or (indexed and indexed.group(1) == "legs"):
            self._add(self.journey, "transit_countries" if indexed else name, message)
            return
        if not self.members or index >= len(self.members) or name in ("site", "registered_on", "members"):
            self._add(self.top, name, message)
            return
        member = self.members[index]
        if indexed and indexed.group(1) == "documents":
            d = int(indexed.group(2))
            if d < len(member.documents):
                self._add(member.documents[d].errors, indexed.group(3) or "number", message)
                return
        if indexed and indexed.group(1) in ("phones", "emails"):
            self._add(member.errors, indexed.group(1), message)
            return
        if name in {s.key for s in MEMBER_SPECS}:
            self._add(member.errors, name, message)
            return
        self._add(self.top, name, message)


@dataclass
class GroupForm:
    site: str
    registered_on: str
    journey: dict
    members: list[MemberRow]
    top_errors: dict = field(default_factory=dict)
    journey_errors: dict = field(default_factory=dict)
    relation_owner: list[int] = field(default_factory=list)

    @classmethod
    def initial(cls, site: str, today: str) -> GroupForm:
        return cls(site, today, {"reasons_for_leaving": []}, [blank_member(0)])

    @classmethod
    def from_post(cls, post) -> GroupForm:
        keys = _keys(post.getlist("member"), MAX_MEMBERS)
        members = [member_from_post(post, key, i) for i, key in enumerate(keys)]
        return cls(post.get("site", ""), post.get("registered_on", ""), journey_from_post(post), members)

    @property
    def journey_f(self) -> dict[str, Field]:
        return journey_fields(self.journey, self.journey_errors)

    @property
    def has_errors(self) -> bool:
        return bool(
            self.top_errors
            or self.journey_errors
            or any(m.errors or any(d.errors for d in m.documents) for m in self.members)
        )

    def service_members(self) -> list[dict]:
        shared = journey_service_dict(self.journey)
        return [{**member.service_dict(), **shared} for member in self.members]

    def service_relations(self) -> list[dict]:
        """Relations to member 1, oriented as the validator wants: ``subject`` is the ``relation`` of ``other``."""
        relations, self.relation_owner = [], []
        for k, member in enumerate(self.members[1:], start=1):
            relation, member1_is_subject = RELATION_MAP.get(
                member.values.get("relation") or "unknown", ("unknown", True)
            )
            subject, other = (0, k) if member1_is_subject else (k, 0)
            relations.append({"subject": subject, "other": other, "relation": relation})
            self.relation_owner.append(k)
        return relations

    def add_errors(self, errors: list[FieldError]) -> None:
        ErrorSink(self.members, self.journey_errors, self.top_errors, self.relation_owner).place_all(errors)


def member_from_registration(registration, contacts, documents) -> MemberRow:
    """The edit form's row, filled from a stored registration."""
    precision = registration.birth_precision
    values = {
        "given_name": registration.given_name,
        "family_name": registration.family_name,
        "given_name_original": registration.given_name_original,
        "family_name_original": registration.family_name_original,
        "original_script": registration.original_script,
        "sex": registration.sex,
        "birth_date": registration.birth_date.isoformat()
        if precision == "exact" and registration.birth_date
        else "",
        "birth_year": str(registration.birth_year) if precision == "year" and registration.birth_year else "",
        "age_estimate": str(registration.age_estimate)
        if precision == "age_estimate" and registration.age_estimate is not None
        else "",
        "nationalities": ", ".join(registration.nationalities or []),
        "languages": ", ".join(registration.languages or []),
        "phones": ", ".join(c.value for c in contacts if c.kind == "phone"),
        "emails": ", ".join(c.value for c in contacts if c.kind == "email"),
    }
    docs = [
        DocumentRow(
            new_key(),
            {
                "kind": d.kind,
                "number": d.number,
                "issuing_country": d.issuing_country,
                "expires_on": d.expires_on.isoformat() if d.expires_on else "",
            },
        )
        for d in documents
    ] or [DocumentRow(new_key(), {"kind": "passport"})]
    return MemberRow(new_key(), values, docs)


def journey_from_registration(registration, legs) -> dict:
    smuggler = {True: "yes", False: "no"}.get(registration.smuggler_paid, "")
    return {
        "origin_country": registration.origin_country,
        "origin_place": registration.origin_place,
        "departed_on": registration.departed_on.isoformat() if registration.departed_on else "",
        "transit_countries": ", ".join(leg.country for leg in legs),
        "intended_destination": registration.intended_destination,
        "transport_mode": registration.transport_mode,
        "smuggler_paid": smuggler,
        "journey_cost": "" if registration.journey_cost is None else str(registration.journey_cost),
        "journey_cost_currency": registration.journey_cost_currency,
        "reasons_for_leaving": list(registration.reasons_for_leaving or []),
    }


def edit_service_dict(member: MemberRow, journey: dict, registration, legs) -> dict:
    """What ``update_registration`` replaces the registration with; keeps what the form does not show."""
    data = {**member.service_dict(), **journey_service_dict(journey)}
    if [leg["country"] for leg in data["legs"]] == [leg.country for leg in legs]:
        # Same route: keep the stored legs with their places, dates and transport.
        data["legs"] = [
            {
                "country": leg.country,
                "place": leg.place,
                "arrived_on": leg.arrived_on,
                "departed_on": leg.departed_on,
                "transport_mode": leg.transport_mode,
            }
            for leg in legs
        ]
    data["screening_answers"] = registration.screening_answers or {}
    return data
