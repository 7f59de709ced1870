"""Hypothesis state machine: whatever sequence of actions users try,

* no referral shares personal data without a matching consent or an audited override;
* no referral skips states (its stored transitions form a path through the transition table);
* every transition is audited, and the recipient sees data only while consent (or an override) stands.
"""

from __future__ import annotations

import pytest
from django.db import transaction
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule, run_state_machine_as_test

from mixmig.apps.audit.models import AuditEvent
from mixmig.apps.referrals import consent as ledger
from mixmig.apps.referrals import selectors, services
from mixmig.apps.referrals.models import Consent, Referral
from mixmig.apps.referrals.statemachine import IllegalTransition
from mixmig.apps.referrals.vocabularies import SHARED_STATUSES
from mixmig.apps.registry.errors import InvalidInput, NotPermitted, NotVisible

EXPECTED = (IllegalTransition, InvalidInput, NotPermitted, NotVisible)
FIELDS = st.lists(
    st.sampled_from(["identity", "contact", "nationality"]), min_size=1, max_size=3, unique=True
)


@pytest.mark.django_db
def test_referral_state_machine(personas, catalogue, adult, child):
    from mixmig.apps.access import services as access

    cw_b = access.create_user("system", "cw_b", personas.password, "caseworker", personas.agency_b)
    actors = {
        "caseworker": personas.caseworker, "supervisor": personas.supervisor, "cw_b": cw_b,
        "officer_b": personas.officer_b, "analyst": personas.analyst,
    }  # fmt: skip
    targets = [catalogue.shelter_b, catalogue.child_protection, catalogue.avr]
    people = [adult, child]

    class Referrals(RuleBasedStateMachine):
        @initialize()
        def begin(self):
            self.savepoint = transaction.savepoint()

        def teardown(self):
            transaction.savepoint_rollback(self.savepoint)

        def _try(self, fn, *args, **kwargs):
            try:
                return fn(*args, **kwargs)
            except EXPECTED:
                return None

        @rule(p=st.integers(0, 1), t=st.integers(0, 2), shares=st.booleans(), fields=FIELDS)
        def create(self, p, t, shares, fields):
            service = targets[t]
            fields = [f for f in fields if f in service.data_fields] or None
            self._try(services.create_referral, personas.caseworker, people[p].number, service.code,
                      shares_personal_data=shares, fields=fields)  # fmt: skip

        @rule(
            p=st.integers(0, 1),
            t=st.integers(0, 2),
            scope=FIELDS,
            giver=st.sampled_from(["person", "guardian"]),
        )
        def consent(self, p, t, scope, giver):
            self._try(ledger.record_consent, personas.caseworker, people[p].number, "referral", scope, giver,
                      recipient_service=targets[t])  # fmt: skip

        @rule(data=st.data())
        def withdraw(self, data):
            ids = list(Consent.objects.filter(withdrawn_at__isnull=True).values_list("pk", flat=True))
            if ids:
                self._try(
                    ledger.withdraw_consent, personas.caseworker, data.draw(st.sampled_from(ids)), "asked"
                )

        @rule(
            data=st.data(),
            who=st.sampled_from(sorted(actors)),
            action=st.sampled_from(
                ["send", "accept", "decline", "start_service", "complete", "revoke", "expire"]
            ),
            override=st.booleans(),
            reason=st.sampled_from(["", "because"]),
        )
        def act(self, data, who, action, override, reason):
            ids = list(Referral.objects.values_list("pk", flat=True))
            if not ids:
                return
            pk = data.draw(st.sampled_from(ids))
            actor = actors[who]
            if action == "send":
                self._try(services.send, actor, pk, override_reason="urgent" if override else "")
            elif action in ("accept", "start_service"):
                self._try(getattr(services, action), actor, pk)
            elif action == "complete":
                self._try(services.complete, actor, pk, reason)
            else:
                self._try(getattr(services, action), actor, pk, reason)

        @invariant()
        def nothing_shared_without_consent_or_audited_override(self):
            for ref in Referral.objects.filter(
                status__in=[*SHARED_STATUSES, "completed"], shares_personal_data=True
            ):
                sent = ref.transitions.filter(new="sent").first()
                assert sent is not None
                if ref.consent_override:
                    assert AuditEvent.objects.filter(
                        action="referral.consent_overridden", object_id=str(ref.pk)
                    ).exists()
                else:
                    c = ref.consent
                    assert c is not None and c.person_id == ref.person_id and c.purpose == "referral"
                    assert set(ref.fields_shared) <= set(c.scope)
                    assert (
                        c.recipient_service_id == ref.service_id or c.recipient_agency_id == ref.to_agency_id
                    )
                    assert c.recorded_at <= sent.at
                    if ref.person_id == child.pk:
                        assert c.given_by in ("guardian", "child_protection_authority")
                    if c.withdrawn_at is not None:
                        assert ref.status == "revoked"  # pragma: no cover - filtered above

        @invariant()
        def no_skipped_states_and_every_transition_audited(self):
            for ref in Referral.objects.all():
                path = list(ref.transitions.order_by("at", "id"))
                assert path[0].old == "" and path[0].new == "draft"
                for before, after in zip(path, path[1:], strict=False):
                    assert after.old == before.new
                    assert (after.old, after.new) in services.MACHINE.transitions
                assert path[-1].new == ref.status
                for new in {t.new for t in path}:
                    audited = AuditEvent.objects.filter(
                        object_type="referral", object_id=str(ref.pk), action=f"referral.{new}"
                    ).count()
                    assert audited == sum(1 for t in path if t.new == new)

        @invariant()
        def recipient_sees_data_only_with_standing_consent(self):
            for ref in Referral.objects.exclude(status="draft").filter(to_agency=personas.agency_b):
                with transaction.atomic():
                    view = selectors.get_referral(cw_b, ref.pk)
                if view.fields:
                    assert ref.shares_personal_data and ref.status in (*SHARED_STATUSES, "completed")
                    assert ref.consent_override or ledger.is_valid(ref.consent)

    run_state_machine_as_test(
        Referrals,
        settings=settings(
            max_examples=25, stateful_step_count=12, deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        ),
    )  # fmt: skip
