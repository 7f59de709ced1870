"""Cases and child-protection steps follow person merges; the rows that moved are kept in the referrals
app's merge ledger so that an unmerge returns exactly them."""

from django.dispatch import receiver

from mixmig.apps.cases.models import Case, ChildStep
from mixmig.apps.referrals import merges
from mixmig.apps.registry.signals import persons_merged, persons_unmerged


@receiver(persons_merged)
def follow_merge(sender, merge, survivor, merged, **kwargs):
    for model in (Case, ChildStep):
        merges.follow(merge.pk, model, survivor, merged)


@receiver(persons_unmerged)
def follow_unmerge(sender, merge, survivor, merged, **kwargs):
    for model in (Case, ChildStep):
        merges.restore(merge.pk, model, survivor, merged)
