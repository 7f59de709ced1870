"""Signals other apps subscribe to (so the registry never imports them).

``registrations_created`` is sent inside the transaction that wrote the registrations, after all of a
group's rows exist: a receiver that fails rolls the whole registration back (nothing half-done), and what a
receiver writes is committed together with it. Screening subscribes to it.
"""

from django.dispatch import Signal

# kwargs: actor, registrations (list[Registration])
registrations_created = Signal()

# kwargs: actor, registration (Registration) — sent inside the transaction of the change
registration_updated = Signal()
