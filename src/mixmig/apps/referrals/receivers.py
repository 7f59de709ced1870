"""Referrals and consents follow person merges (inside the registry's transaction)."""

from django.dispatch import receiver

from mixmig.apps.referrals import merges
from mixmig.apps.registry.signals import persons_merged, persons_unmerged


@receiver(persons_merged)
def follow_merge(sender, merge, survivor, merged, **kwargs):
    merges.follow_merge(merge, survivor, merged)


@receiver(persons_unmerged)
def follow_unmerge(sender, merge, survivor, merged, **kwargs):
    merges.follow_unmerge(merge, survivor, merged)
