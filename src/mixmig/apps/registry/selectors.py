"""Reads from the registry, always through the caller's role and scope.

A record outside the caller's scope is reported as not found, so its existence does not leak.
Reading a person's record writes an audit event in the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from mixmig.apps.access.roles import Scope, can
from mixmig.apps.audit import services as audit
from mixmig.apps.registry import searchkeys
from mixmig.apps.registry.errors import Merged, NotPermitted, NotVisible
from mixmig.apps.registry.models import Person, PersonMerge, PersonShare, Registration, SearchKey, Site
from mixmig.apps.registry.numbering import canonical


def _registration_scope(user) -> Q:
    scope = user.scope
    if scope == Scope.ALL:
        return Q()
    if scope == Scope.OWN:
        return Q(created_by_id=user.pk)
    if scope == Scope.TEAM:
        return Q(team_id=user.team_id) if user.team_id else Q(created_by_id=user.pk)
    return Q(agency_id=user.agency_id)


def visible_registrations(user) -> QuerySet[Registration]:
    if not can(user, "person.view"):
        return Registration.objects.none()
    scoped = Registration.objects.filter(_registration_scope(user))
    if user.scope == Scope.AGENCY and user.agency_id:  # persons shared with the agency count as its own
        shared = PersonShare.objects.filter(person_id=OuterRef("person_id"), agency_id=user.agency_id)
        return scoped | Registration.objects.filter(Exists(shared))
    return scoped


def visible_persons(user) -> QuerySet[Person]:
    if not can(user, "person.view"):
        return Person.objects.none()
    if user.scope == Scope.ALL:
        return Person.objects.filter(merged_into__isnull=True)
    own = Exists(Registration.objects.filter(_registration_scope(user), person_id=OuterRef("pk")))
    condition = Q(own)
    if user.scope == Scope.AGENCY:
        condition |= Q(Exists(PersonShare.objects.filter(person_id=OuterRef("pk"), agency_id=user.agency_id)))
    return Person.objects.filter(
        condition, merged_into__isnull=True
    )  # merged persons live on in the survivor


def _require_view(user) -> None:
    if not can(user, "person.view"):
        raise NotPermitted(_("your role may not view personal records (person.view)"))


def _matching_person_ids(query: str):
    """A subquery of person ids whose search keys match ``query`` (names by prefix; documents, phones exactly)."""
    groups = [g for g in searchkeys.query_digest_groups(query) if g]
    exact = searchkeys.exact_digests(query)
    by_name = None
    for group in groups:
        ids = SearchKey.objects.filter(digest__in=group).values("person_id")
        by_name = ids if by_name is None else by_name.intersection(ids)
    by_exact = SearchKey.objects.filter(digest__in=exact).values("person_id") if exact else None
    if by_name is not None and by_exact is not None:
        return by_name.union(by_exact)
    return by_name if by_name is not None else by_exact


MAX_CANDIDATES = 5000


@dataclass(frozen=True)
class SearchPage:
    persons: list[Person]
    has_more: bool


def search_persons(user, query: str, limit: int = 25, offset: int = 0) -> SearchPage:
    """Persons visible to ``user`` whose names (any script, partial), document or phone match ``query``."""
    _require_view(user)
    query = (query or "").strip()
    number = canonical(query)
    if number:
        persons = list(visible_persons(user).filter(number=number))
        record_listing(user, "person.searched", "person", [p.number for p in persons])
        return SearchPage(persons, False)
    ids = _matching_person_ids(query) if query else None
    if ids is None:
        return SearchPage([], False)
    # Materialise the newest candidate ids first: the key index answers this quickly, and scope filtering on
    # a bounded list is cheaper than letting the planner join the full key table. A query so broad that it
    # matches more than MAX_CANDIDATES persons shows the newest of them (the page says to narrow it).
    candidate_ids = [row["person_id"] for row in ids.order_by("-person_id")[:MAX_CANDIDATES]]
    page = list(
        visible_persons(user).filter(pk__in=candidate_ids).order_by("-pk")[offset : offset + limit + 1]
    )
    record_listing(user, "person.searched", "person", [p.number for p in page[:limit]])
    return SearchPage(page[:limit], len(page) > limit)


def record_listing(user, action: str, object_type: str, ids: list) -> None:
    """Audit that a list of personal records was shown: which records, not the query that found them
    (a name typed into search is itself personal data)."""
    if not ids:
        return
    with transaction.atomic():
        audit.record(user, action, object_type, "", ids=[str(i) for i in ids], count=len(ids))


def latest_registrations(user, persons: list[Person]) -> dict[int, Registration]:
    """The newest registration of each person that ``user`` may see (for result lists)."""
    out: dict[int, Registration] = {}
    regs = visible_registrations(user).filter(person_id__in=[p.pk for p in persons]).select_related("site")
    for reg in regs.order_by("person_id", "-registered_on", "-id"):
        out.setdefault(reg.person_id, reg)
    return out


def newest_registration(person: Person) -> Registration | None:
    """The newest registration of ``person`` whatever its scope — for derivations inside the system (age,
    child status), never for showing to a user (use ``latest_registrations(user, ...)`` for that)."""
    return Registration.objects.filter(person=person).order_by("-registered_on", "-id").first()


def get_person(user, number: str, purpose: str = "view") -> Person:
    """A person visible to ``user``; records the read in the audit log."""
    _require_view(user)
    key = canonical(number or "")
    with transaction.atomic():
        person = visible_persons(user).filter(number=key).first() if key else None
        if person is None:
            survivor = _survivor_of(user, key)
            if survivor is not None:
                raise Merged(
                    _("person %(number)s was merged into %(survivor)s")
                    % {"number": key, "survivor": survivor.number},
                    survivor.number,
                )
            raise NotVisible(_("person %(number)s not found") % {"number": number})
        audit.record(user, "person.viewed", "person", person.number, purpose=purpose)
    return person


def _survivor_of(user, number: str) -> Person | None:
    """The person (visible to ``user``) that ``number`` was merged into, following chains of merges."""
    person = Person.objects.filter(number=number, merged_into__isnull=False).first() if number else None
    for _hop in range(20):
        if person is None or person.merged_into_id is None:
            break
        person = Person.objects.filter(pk=person.merged_into_id).first()
    if person is None or person.merged_into_id is not None:
        return None
    return visible_persons(user).filter(pk=person.pk).first()


def person_registrations(user, person: Person) -> list[Registration]:
    """The registrations of ``person`` that ``user`` may see, with their details prefetched."""
    return list(
        visible_registrations(user)
        .filter(person=person)
        .select_related("site", "group", "agency", "created_by")
        .prefetch_related("documents", "contacts", "legs", "relations_as_subject", "relations_as_other")
        .order_by("-registered_on", "-id")
    )


def group_members(user, registration: Registration) -> list[Registration]:
    if registration.group_id is None:
        return [registration]
    return list(
        visible_registrations(user)
        .filter(group_id=registration.group_id)
        .select_related("person")
        .order_by("pk")
    )


def get_registration(user, registration_id: int) -> Registration:
    _require_view(user)
    with transaction.atomic():
        registration = (
            visible_registrations(user).select_related("person", "site").filter(pk=registration_id).first()
        )
        if registration is None:
            raise NotVisible(_("registration %(id)s not found") % {"id": registration_id})
        audit.record(user, "registration.viewed", "registration", registration.pk)
    return registration


def list_sites() -> QuerySet[Site]:
    return Site.objects.all().order_by("country", "name")


def filter_registrations(
    user,
    site: str | None = None,
    nationality: str | None = None,
    sex: str | None = None,
    registered_from=None,
    registered_to=None,
) -> QuerySet[Registration]:
    """Registrations visible to ``user``, filtered; newest first. Unknown filter values match nothing."""
    _require_view(user)
    qs = visible_registrations(user).select_related("person", "site")
    if site:
        qs = qs.filter(site__code=site)
    if nationality:
        code = nationality.upper()
        qs = qs.filter(Q(nationalities__0=code) | Q(nationalities__1=code) | Q(nationalities__2=code))
    if sex:
        qs = qs.filter(sex=sex)
    if registered_from:
        qs = qs.filter(registered_on__gte=registered_from)
    if registered_to:
        qs = qs.filter(registered_on__lte=registered_to)
    return qs.order_by("-registered_on", "-id")


def registrations_by_ids(ids: list[int]) -> QuerySet[Registration]:
    """Registrations by id whatever their scope — for batch work inside the system (re-screening), never
    for showing to a user."""
    return Registration.objects.filter(pk__in=ids).prefetch_related("documents").order_by("pk")


def registrations_without(excluded_ids) -> list[int]:
    """Ids of registrations not in ``excluded_ids`` (a subquery), for batch work inside the system."""
    return list(Registration.objects.exclude(pk__in=excluded_ids).values_list("pk", flat=True))


def registrations_for_statistics(user) -> QuerySet[Registration]:
    """Registrations in the caller's scope for aggregate use (counts, policy comparison) — never shown
    one by one. Needs ``stats.view``; the scope rules are those of ``visible_registrations``."""
    if not can(user, "stats.view"):
        raise NotPermitted(_("your role may not view statistics (stats.view)"))
    return Registration.objects.filter(_registration_scope(user))


def person_merges(user, person: Person) -> list[PersonMerge]:
    """Merges into ``person`` (visible to ``user``), newest first — for the person page and unmerge."""
    _require_view(user)
    return list(
        PersonMerge.objects.filter(survivor=person).select_related("merged", "merged_by", "undone_by")
    )


def merge_visible(user, merge: PersonMerge) -> bool:
    """A merge is visible when its survivor — or the person the survivor was merged into since — is."""
    person_id = merge.survivor_id
    for _hop in range(20):
        next_id = Person.objects.filter(pk=person_id).values_list("merged_into_id", flat=True).first()
        if next_id is None:
            break
        person_id = next_id
    return visible_persons(user).filter(pk=person_id).exists()


def get_merge(user, merge_id: int) -> PersonMerge:
    _require_view(user)
    merge = PersonMerge.objects.select_related("survivor", "merged").filter(pk=merge_id).first()
    if merge is None or not merge_visible(user, merge):
        raise NotVisible(_("merge %(id)s not found") % {"id": merge_id})
    return merge


def all_registrations_for_linkage() -> QuerySet[Registration]:
    """Every registration whatever its scope — for the identity app's batch run inside the system (results are
    shown to reviewers only for persons they may see), never for showing to a user."""
    return Registration.objects.order_by("pk")
