"""Referrals, consents and cases follow a person merge, and go back on unmerge (exactly what moved).

The registry moves registrations and sends ``persons_merged`` / ``persons_unmerged`` inside its transaction.
Rows here that point at the merged person move to the survivor; each moved row is stored in
:class:`MergeMove` under the merge id, so the unmerge returns exactly those rows and leaves with the survivor
whatever was made for it after the merge. The cases app uses the same ledger (``follow`` / ``restore``).
"""

from __future__ import annotations

from mixmig.apps.referrals.models import Consent, MergeMove, Referral


def _label(model) -> str:
    return f"{model._meta.app_label}.{model.__name__}"


def follow(merge_id: int, model, survivor, merged) -> list[int]:
    """Move ``model`` rows of ``merged`` to ``survivor`` and remember them under ``merge_id``."""
    ids = list(model.objects.filter(person=merged).values_list("pk", flat=True))
    if ids:
        model.objects.filter(pk__in=ids).update(person=survivor)
        label = _label(model)
        MergeMove.objects.bulk_create([MergeMove(merge_id=merge_id, model=label, row_id=i) for i in ids])
    return ids


def restore(merge_id: int, model, survivor, merged) -> list[int]:
    """Move back the ``model`` rows this merge moved (those still with the survivor)."""
    label = _label(model)
    ids = list(MergeMove.objects.filter(merge_id=merge_id, model=label).values_list("row_id", flat=True))
    if ids:
        model.objects.filter(pk__in=ids, person=survivor).update(person=merged)
        MergeMove.objects.filter(merge_id=merge_id, model=label).delete()
    return ids


def follow_merge(merge, survivor, merged) -> None:
    for model in (Referral, Consent):
        follow(merge.pk, model, survivor, merged)


def follow_unmerge(merge, survivor, merged) -> None:
    for model in (Referral, Consent):
        restore(merge.pk, model, survivor, merged)
