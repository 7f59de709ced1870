"""Keep the blocking keys in step with the registry (inside its write transactions)."""

from django.dispatch import receiver

from mixmig.apps.identity import keys
from mixmig.apps.registry.signals import (
    persons_merged,
    persons_unmerged,
    registration_updated,
    registrations_created,
)


@receiver(registrations_created)
def key_new_registrations(sender, registrations, **kwargs):
    keys.write_keys(registrations)


@receiver(registration_updated)
def rekey_updated_registration(sender, registration, **kwargs):
    keys.replace_keys(registration)


@receiver(persons_merged)
def follow_merge(sender, survivor, registration_ids, **kwargs):
    keys.move_keys(registration_ids, survivor)


@receiver(persons_unmerged)
def follow_unmerge(sender, merged, registration_ids, **kwargs):
    keys.move_keys(registration_ids, merged)
