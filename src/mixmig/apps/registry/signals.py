"""Signals other apps subscribe to (so the registry never imports them).

``registrations_created`` is sent inside the transaction that wrote the registrations, after all of a
group's rows exist: a receiver that fails rolls the whole registration back (nothing half-done), and what a
receiver writes is committed together with it. Screening subscribes to it.
"""

from django.dispatch import Signal

# kwargs: actor, registrations (list[Registration]). A receiver may return {registration id: {details}}:
# the details join that registration's "registration.created" audit event.
registrations_created = Signal()

# kwargs: actor, registration (Registration) — sent inside the transaction of the change
registration_updated = Signal()

# kwargs: actor, merge (PersonMerge), survivor, merged (Person), registration_ids (list[int]) — sent inside
# the transaction of the merge, after the registrations moved: move your rows' person_id to the survivor
persons_merged = Signal()

# kwargs: same as persons_merged — sent after the registrations moved back: move them back to ``merged``
persons_unmerged = Signal()
