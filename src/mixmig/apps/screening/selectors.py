"""Reading screening results and the questions still to ask, through the caller's scope."""

from __future__ import annotations

from django.utils import timezone

from mixmig.apps.registry import selectors as registry
from mixmig.apps.registry.errors import NotVisible
from mixmig.apps.registry.records import registration_record
from mixmig.apps.screening.models import Screening
from mixmig.apps.screening.services import active_pack
from mixmig.engines.policy import questions_to_ask


def current_screenings(user, person) -> list[Screening]:
    """The current screening of each registration of ``person`` that ``user`` may see (newest first)."""
    ids = [r.pk for r in registry.person_registrations(user, person)]
    return list(Screening.objects.filter(registration_id__in=ids, is_current=True).order_by("-screened_at"))


def questions_for(user, registration_id: int, language: str) -> list[dict]:
    """The active pack's questions not yet answered for this registration, labelled in ``language``."""
    registration = registry.visible_registrations(user).filter(pk=registration_id).first()
    if registration is None:
        raise NotVisible(f"registration {registration_id} not found")
    record = registration_record(registration, timezone.localdate())
    return questions_to_ask(active_pack(), record, language)


def compare_caseload(user, pack_a: str, pack_b: str, examples: int = 3) -> dict:
    """How the caller's caseload would be profiled and routed under two packs (counts by profile and
    procedure). Example registration ids are kept only for users who may view personal records."""
    from django.db import transaction

    from mixmig.apps.access.roles import can
    from mixmig.apps.audit import services as audit
    from mixmig.engines.policy import compare_packs, resolve_pack

    a, b = resolve_pack(pack_a), resolve_pack(pack_b)
    today = timezone.localdate()
    regs = registry.registrations_for_statistics(user).prefetch_related("documents")
    records = [registration_record(r, today) for r in regs.iterator(chunk_size=1000)]
    data = compare_packs(a, b, records, examples=examples)
    if not can(user, "person.view"):
        for row in data["by_profile"] + data["by_procedure"]:
            row["examples_only_a"], row["examples_only_b"] = [], []
    with transaction.atomic():
        audit.record(user, "screening.compared", "pack", f"{a.id}:{b.id}", records=data["records"])
    return data
