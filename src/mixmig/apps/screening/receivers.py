"""Screen registrations when the registry writes them (same transaction: no registration without screening)."""

from django.dispatch import receiver

from mixmig.apps.registry.signals import (
    persons_merged,
    persons_unmerged,
    registration_updated,
    registrations_created,
)
from mixmig.apps.screening import services
from mixmig.apps.screening.models import Screening


@receiver(registrations_created)
def screen_new_registrations(sender, actor, registrations, **kwargs):
    """Screened in the same transaction; the registration's own audit event names the pack."""
    screenings = services.screen_in_transaction(
        actor, registrations, Screening.Trigger.REGISTRATION, audited=False
    )
    return {
        s.registration_id: {"screening": {"pack": s.pack_id, "version": s.pack_version}} for s in screenings
    }


@receiver(registration_updated)
def screen_updated_registration(sender, actor, registration, **kwargs):
    services.screen_in_transaction(actor, [registration], Screening.Trigger.UPDATE)


@receiver(persons_merged)
def follow_merge(sender, survivor, registration_ids, **kwargs):
    """A screening belongs to its registration's person: follow the registrations that moved."""
    Screening.objects.filter(registration_id__in=registration_ids).update(person=survivor)


@receiver(persons_unmerged)
def follow_unmerge(sender, merged, registration_ids, **kwargs):
    Screening.objects.filter(registration_id__in=registration_ids).update(person=merged)
