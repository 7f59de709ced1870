"""Writes to the registry: register people and travel groups, edit registrations, share persons.

Every write validates first (nothing is written when any field is wrong), then runs in one transaction
with its audit events.
"""

from __future__ import annotations

import time
from dataclasses import asdict
from datetime import date

from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mixmig.apps import group_commit
from mixmig.apps.access.roles import can
from mixmig.apps.audit import services as audit
from mixmig.apps.registry import searchkeys
from mixmig.apps.registry.errors import FieldError, InvalidInput, NotPermitted, NotVisible
from mixmig.apps.registry.inputs import MemberInput, clean_member, clean_registered_on, clean_relations
from mixmig.apps.registry.models import (
    Contact,
    GroupRelation,
    IdentityDocument,
    JourneyLeg,
    Person,
    PersonMerge,
    PersonShare,
    Registration,
    SearchKey,
    Site,
    TravelGroup,
)
from mixmig.apps.registry.numbering import canonical, new_person_number
from mixmig.apps.registry.signals import (
    persons_merged,
    persons_unmerged,
    registration_updated,
    registrations_created,
)
from mixmig.apps.registry.vocabularies import ContactKind

_REGISTRATION_FIELDS = [
    "given_name", "family_name", "given_name_original", "family_name_original", "original_script", "sex",
    "birth_date", "birth_year", "birth_precision", "age_estimate", "nationalities", "languages",
    "origin_country", "origin_place", "departed_on", "intended_destination", "transport_mode",
    "smuggler_paid", "journey_cost", "journey_cost_currency", "reasons_for_leaving", "screening_answers",
]  # fmt: skip


def _require(actor, permission: str) -> None:
    if not can(actor, permission):
        raise NotPermitted(_("your role may not do this (%(permission)s)") % {"permission": permission})
    if actor.agency_id is None:
        raise NotPermitted(_("your account belongs to no agency; ask an administrator to assign one"))


_sites: dict[str, tuple[float, Site]] = {}
SITE_CACHE_SECONDS = 60


def _site(site_code: str) -> Site:
    """The site with this code (kept per process for a minute: sites change rarely, registrations often)."""
    cached = _sites.get(site_code)
    if cached is not None and cached[0] > time.monotonic():
        return cached[1]
    site = Site.objects.filter(code=site_code).first()
    if site is None:
        raise InvalidInput(
            [
                FieldError(
                    "site", _("no site with code %(code)s; see the list of sites") % {"code": repr(site_code)}
                )
            ]
        )
    _sites[site_code] = (time.monotonic() + SITE_CACHE_SECONDS, site)
    return site


def _today() -> date:
    return timezone.localdate()


def _write_details(registration: Registration, member: MemberInput) -> None:
    documents = IdentityDocument.objects.bulk_create(
        IdentityDocument(registration=registration, **asdict(doc)) for doc in member.documents
    )
    # Receivers of the registry's signals (screening, identity) read the documents: hand them over as if
    # prefetched instead of querying them again.
    prefetched = IdentityDocument.objects.filter(registration=registration)
    prefetched._result_cache = documents
    prefetched._prefetch_done = True  # type: ignore[attr-defined]
    registration._prefetched_objects_cache = {"documents": prefetched}  # type: ignore[attr-defined]
    Contact.objects.bulk_create(
        [Contact(registration=registration, kind=ContactKind.PHONE, value=p) for p in member.phones]
        + [Contact(registration=registration, kind=ContactKind.EMAIL, value=m) for m in member.emails]
    )
    JourneyLeg.objects.bulk_create(
        JourneyLeg(registration=registration, sequence=i + 1, **asdict(leg))
        for i, leg in enumerate(member.legs)
    )
    names = [member.given_name, member.family_name, member.given_name_original, member.family_name_original]
    digests = searchkeys.registration_digests(names, [d.number for d in member.documents], member.phones)
    # Plain executemany: ~40 rows per registration, on the hot path of every registration.
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {SearchKey._meta.db_table} (person_id, registration_id, digest) VALUES (%s, %s, %s)",  # noqa: S608 - table name from the model
            [(registration.person_id, registration.pk, d) for d in digests],
        )


def _new_persons(actor, count: int) -> list[Person]:
    """Create ``count`` persons with fresh random numbers. A number already taken (about one chance in a
    million at a million persons) fails the unique constraint; ``register_group`` then writes again."""
    numbers: set[str] = set()
    while len(numbers) < count:
        numbers.add(new_person_number())
    return Person.objects.bulk_create(
        Person(number=n, agency_id=actor.agency_id, created_by=actor) for n in sorted(numbers)
    )


def _existing_person(actor, number: str, prefix: str) -> Person:
    from mixmig.apps.registry.selectors import visible_persons

    key = canonical(number or "")
    person = visible_persons(actor).filter(number=key).first() if key else None
    if person is None:
        raise InvalidInput(
            [
                FieldError(
                    prefix + "person_number",
                    _("%(number)s is not a person number you can see") % {"number": repr(number)},
                )
            ]
        )
    return person


def register_group(
    actor, site_code: str, members: list[dict], relations: list[dict] | None = None, registered_on=None
) -> list[Registration]:
    """Register one or more people met together; two or more form a travel group.

    ``members`` are plain dicts (see ``inputs.clean_member``); a member with ``person_number`` is a new
    registration of a person already known. ``relations`` use 0-based member indexes.
    """
    _require(actor, "person.register")
    site = _site(site_code)
    when = clean_registered_on(registered_on, _today())
    if not members:
        raise InvalidInput([FieldError("members", _("at least one person is required"))])
    errors: list[FieldError] = []
    cleaned: list[MemberInput] = []
    for i, data in enumerate(members):
        prefix = f"members[{i}]." if len(members) > 1 else ""
        try:
            cleaned.append(clean_member(data, when, site.country, prefix=prefix))
        except InvalidInput as exc:
            errors.extend(exc.errors)
    try:
        rels = clean_relations(relations, len(members))
    except InvalidInput as exc:
        errors.extend(exc.errors)
        rels = []
    if errors:
        raise InvalidInput(errors)

    for attempt in range(3):
        try:
            return group_commit.write(_write_group, actor, site, when, members, cleaned, rels)
        except IntegrityError as exc:  # a freshly drawn person number was taken: draw again
            if attempt == 2 or "number" not in str(exc).lower():
                raise
    raise AssertionError("unreachable")


def _write_group(
    actor, site: Site, when: date, members, cleaned: list[MemberInput], rels
) -> list[Registration]:
    group = None
    if len(members) > 1:
        group = TravelGroup.objects.create(site=site, agency_id=actor.agency_id, created_by=actor)
        audit.record(actor, "group.created", "group", group.pk, size=len(members))
    persons: list[Person] = []
    for i, data in enumerate(members):
        if data.get("person_number"):
            prefix = f"members[{i}]." if len(members) > 1 else ""
            persons.append(_existing_person(actor, data["person_number"], prefix))
    new = iter(_new_persons(actor, len(members) - len(persons)))
    known = iter(persons)
    registrations = []
    for data, member in zip(members, cleaned, strict=True):
        person = next(known) if data.get("person_number") else next(new)
        fields = {name: getattr(member, name) for name in _REGISTRATION_FIELDS}
        registration = Registration.objects.create(
            person=person,
            group=group,
            site=site,
            registered_on=when,
            agency_id=actor.agency_id,
            team_id=actor.team_id,
            created_by=actor,
            **fields,
        )
        _write_details(registration, member)
        registrations.append(registration)
    GroupRelation.objects.bulk_create(
        GroupRelation(
            group=group,
            subject=registrations[r.subject],
            other=registrations[r.other],
            relation=r.relation,
        )
        for r in rels
    )
    # Receivers (screening, identity keys) write in this transaction and may return, per registration id,
    # details for its audit event (e.g. the pack that screened it): one event records both.
    extra: dict[int, dict] = {}
    for _receiver, response in registrations_created.send(
        sender=Registration, actor=actor, registrations=registrations
    ):
        if isinstance(response, dict):
            for pk, details in response.items():
                extra.setdefault(pk, {}).update(details)
    for data, registration in zip(members, registrations, strict=True):
        audit.record(
            actor,
            "registration.created",
            "registration",
            registration.pk,
            person=registration.person.number,
            new_person=not data.get("person_number"),
            **extra.get(registration.pk, {}),
        )
    return registrations


def register_person(actor, site_code: str, data: dict, registered_on=None) -> Registration:
    return register_group(actor, site_code, [data], [], registered_on)[0]


def update_registration(actor, registration_id: int, data: dict) -> Registration:
    """Replace a registration's declared data with ``data`` (validated as a whole)."""
    from mixmig.apps.registry.selectors import visible_registrations

    _require(actor, "person.edit")
    registration = visible_registrations(actor).select_related("site").filter(pk=registration_id).first()
    if registration is None:
        raise NotVisible(_("registration %(id)s not found") % {"id": registration_id})
    member = clean_member(data, registration.registered_on, registration.site.country)
    with transaction.atomic():
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        changed = [
            name for name in _REGISTRATION_FIELDS if getattr(registration, name) != getattr(member, name)
        ]
        for name in _REGISTRATION_FIELDS:
            setattr(registration, name, getattr(member, name))
        registration.save()
        for model in (IdentityDocument, Contact, JourneyLeg):
            model.objects.filter(registration=registration).delete()
        SearchKey.objects.filter(registration=registration).delete()
        _write_details(registration, member)
        audit.record(actor, "registration.updated", "registration", registration.pk, fields=changed)
        registration_updated.send(sender=Registration, actor=actor, registration=registration)
    return registration


def share_person(actor, number: str, agency, purpose: str) -> PersonShare:
    """Make a person visible to another agency for a stated purpose."""
    from mixmig.apps.registry.selectors import visible_persons

    _require(actor, "person.share")
    if not purpose.strip():
        raise InvalidInput(
            [FieldError("purpose", _("a purpose is required to share a person with another agency"))]
        )
    person = visible_persons(actor).filter(number=number).first()
    if person is None:
        raise NotVisible(_("person %(number)s not found") % {"number": number})
    with transaction.atomic():
        share, _created = PersonShare.objects.get_or_create(
            person=person, agency=agency, defaults={"purpose": purpose.strip(), "granted_by": actor}
        )
        audit.record(
            actor, "person.shared", "person", person.number, agency=agency.code, purpose=purpose.strip()
        )
    return share


def create_site(actor, **fields) -> Site:
    if not can(actor, "site.manage") and actor != "system":
        raise NotPermitted(_("your role may not manage sites (site.manage)"))
    with transaction.atomic():
        site = Site.objects.create(**fields)
        audit.record(actor, "site.created", "site", site.code)
    _sites.pop(site.code, None)
    return site


def record_screening_answers(actor, registration_id: int, answers: dict) -> Registration:
    """Merge answers to screening questions into a registration (values checked by the screening app)."""
    from mixmig.apps.registry.selectors import visible_registrations

    _require(actor, "person.edit")
    if not visible_registrations(actor).filter(pk=registration_id).exists():
        raise NotVisible(_("registration %(id)s not found") % {"id": registration_id})
    with transaction.atomic():
        registration = Registration.objects.select_for_update().get(pk=registration_id)
        registration.screening_answers = {**(registration.screening_answers or {}), **answers}
        registration.save(update_fields=["screening_answers", "updated_at"])
        audit.record(
            actor, "registration.answers_recorded", "registration", registration.pk, questions=sorted(answers)
        )
        registration_updated.send(sender=Registration, actor=actor, registration=registration)
    return registration


def _merge_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(
            [FieldError("reason", _("a reason is required (what shows these are the same person)"))]
        )
    return reason


def merge_persons(actor, survivor_number: str, merged_number: str, reason: str) -> PersonMerge:
    """Move every registration of ``merged_number`` to ``survivor_number``; the merged person then lives on only
    as a pointer (``merged_into``). What moved is stored in a :class:`PersonMerge`, so ``unmerge_persons``
    restores both persons exactly. Both persons must be visible to ``actor``."""
    from mixmig.apps.registry.selectors import visible_persons

    _require(actor, "person.merge")
    reason = _merge_reason(reason)
    survivor_key, merged_key = canonical(survivor_number or ""), canonical(merged_number or "")
    if survivor_key and survivor_key == merged_key:
        raise InvalidInput([FieldError("merged", _("a person cannot be merged into itself"))])
    with transaction.atomic():
        found = {
            p.number: p
            for p in visible_persons(actor).select_for_update().filter(number__in=[survivor_key, merged_key])
        }
        for key, given in ((survivor_key, survivor_number), (merged_key, merged_number)):
            if key not in found:
                raise NotVisible(_("person %(number)s not found") % {"number": given})
        survivor, merged = found[str(survivor_key)], found[str(merged_key)]
        registration_ids = sorted(Registration.objects.filter(person=merged).values_list("pk", flat=True))
        Registration.objects.filter(pk__in=registration_ids).update(person=survivor)
        SearchKey.objects.filter(registration_id__in=registration_ids).update(person=survivor)
        Person.objects.filter(merged_into=merged).update(merged_into=survivor)  # earlier merges follow
        merged.merged_into = survivor
        merged.save(update_fields=["merged_into"])
        merge = PersonMerge.objects.create(
            survivor=survivor,
            merged=merged,
            registration_ids=registration_ids,
            reason=reason,
            merged_by=actor,
        )
        audit.record(
            actor, "person.merged", "person", survivor.number,
            merged=merged.number, merge=merge.pk, registrations=registration_ids, reason=reason,
        )  # fmt: skip
        persons_merged.send(
            sender=Person, actor=actor, merge=merge, survivor=survivor, merged=merged,
            registration_ids=registration_ids,
        )  # fmt: skip
    return merge


def unmerge_persons(actor, merge_id: int, reason: str) -> PersonMerge:
    """Undo a merge: the registrations that moved go back to the merged person, which becomes visible again."""
    from mixmig.apps.registry.selectors import merge_visible

    _require(actor, "person.merge")
    reason = _merge_reason(reason)
    with transaction.atomic():
        merge = (
            PersonMerge.objects.select_for_update()
            .select_related("survivor", "merged")
            .filter(pk=merge_id)
            .first()
        )
        if merge is None or not merge_visible(actor, merge):
            raise NotVisible(_("merge %(id)s not found") % {"id": merge_id})
        if merge.undone_at is not None:
            raise InvalidInput([FieldError("merge", _("this merge was already undone"))])
        ids = list(merge.registration_ids)
        if Registration.objects.filter(pk__in=ids).exclude(person_id=merge.survivor_id).exists():
            raise InvalidInput(
                [FieldError("merge", _("the survivor was merged again since; undo that later merge first"))]
            )
        survivor, merged = merge.survivor, merge.merged
        Registration.objects.filter(pk__in=ids).update(person=merged)
        SearchKey.objects.filter(registration_id__in=ids).update(person=merged)
        merged.merged_into = None
        merged.save(update_fields=["merged_into"])
        merge.undone_at = timezone.now()
        merge.undone_by = actor
        merge.undo_reason = reason
        merge.save(update_fields=["undone_at", "undone_by", "undo_reason"])
        audit.record(
            actor, "person.unmerged", "person", merged.number,
            survivor=survivor.number, merge=merge.pk, registrations=ids, reason=reason,
        )  # fmt: skip
        persons_unmerged.send(
            sender=Person, actor=actor, merge=merge, survivor=survivor, merged=merged, registration_ids=ids
        )
    return merge
