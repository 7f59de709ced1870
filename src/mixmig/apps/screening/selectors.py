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
