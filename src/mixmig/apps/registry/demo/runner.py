"""Run the demo: reference data, users, then registrations through ``register_group`` in batches."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mixmig.apps.registry import services as registry
from mixmig.apps.registry.demo import people, reference
from mixmig.apps.registry.demo.routes import AGENCIES
from mixmig.apps.registry.models import Registration

BATCH = 150  # groups per transaction: few commits (fast on SQLite with synchronous=FULL), still via services


class DemoRefused(RuntimeError):
    """``mixmig demo`` runs only with MIXMIG_ENV=development (or test)."""


@dataclass
class DemoResult:
    users: list[reference.DemoUser]
    sites_created: int
    registrations_before: int
    registrations_created: int
    seconds: float
    kinds: dict[str, int] = field(default_factory=dict)


def demo_registrations_count() -> int:
    return Registration.objects.filter(agency__code__in=[a[0] for a in AGENCIES]).count()


def run_demo(
    size: int = 3000, seed: int = 2024, progress: Callable[[int, int], None] | None = None
) -> DemoResult:
    """Create the demo world; idempotent: a second run adds nothing (an interrupted run is topped up)."""
    if not settings.DEVELOPMENT:
        raise DemoRefused(
            _("mixmig demo creates users with published passwords; it runs only in development")
        )
    started = time.monotonic()
    agencies = reference.ensure_agencies()
    sites_created = reference.ensure_sites(agencies)
    users = reference.ensure_users(agencies)
    before = demo_registrations_count()
    groups = people.generate(size, seed, timezone.localdate())
    todo = _remaining(groups, before) if before < size else []
    officers = reference.officers_by_site()
    rng = random.Random(seed + 1)
    created, kinds = 0, {}
    for start in range(0, len(todo), BATCH):
        with transaction.atomic():
            for group in todo[start : start + BATCH]:
                actor = rng.choice(officers[group.site])
                registry.register_group(
                    actor, group.site, group.members, group.relations, group.registered_on
                )
                created += len(group.members)
                kinds[group.kind] = kinds.get(group.kind, 0) + 1
        if progress:
            progress(min(before + created, size), size)
    return DemoResult(users, sites_created, before, created, time.monotonic() - started, kinds)


def _remaining(groups: list[people.DemoGroup], before: int) -> list[people.DemoGroup]:
    """The groups an earlier run (same seed) has not registered yet; a group it cut short is completed."""
    done = 0
    for index, group in enumerate(groups):
        if done + len(group.members) > before:
            cut = before - done
            if cut == 0:
                return groups[index:]
            rest = people.DemoGroup(
                group.site, group.registered_on, group.members[cut:],
                [
                    {**r, "subject": r["subject"] - cut, "other": r["other"] - cut}
                    for r in group.relations
                    if r["subject"] >= cut and r["other"] >= cut
                ],
                group.kind,
            )  # fmt: skip
            return [rest, *groups[index + 1 :]]
        done += len(group.members)
    return []
