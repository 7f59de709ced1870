"""Accountability: verify the hash-linked audit chain."""

from __future__ import annotations

from ninja import Router

from mixmig.api.errors import responses
from mixmig.api.schemas import AuditVerifyOut
from mixmig.apps.access.roles import can
from mixmig.apps.audit import services as audit
from mixmig.apps.registry.errors import NotPermitted

router = Router(tags=["audit"])


@router.get("/audit/verify", response={200: AuditVerifyOut, **responses(401, 403)})
def verify(request):
    """Walk the whole audit chain; name the first event whose link or content does not match.

    Data-protection officers and administrators only.
    """
    if not can(request.auth, "audit.verify"):
        raise NotPermitted(
            "only data-protection officers and administrators may verify the audit chain (audit.verify)"
        )
    result = audit.verify()
    return {
        "ok": result.ok,
        "checked": result.checked,
        "first_broken_id": result.first_broken_id,
        "reason": result.reason,
    }
