"""Sites where people are registered (reference data every role may read)."""

from __future__ import annotations

from ninja import Router

from mixmig.api.errors import responses
from mixmig.api.schemas import SiteOut
from mixmig.apps.access.roles import can
from mixmig.apps.registry import selectors
from mixmig.apps.registry.errors import NotPermitted

router = Router(tags=["sites"])


@router.get("/sites", response={200: list[SiteOut], **responses(401, 403)})
def list_sites(request):
    """Every site: code (used when registering), name, kind, country and coordinates."""
    if not can(request.auth, "site.view"):
        raise NotPermitted("your role may not view sites (site.view)")
    return [
        {
            "code": s.code,
            "name": s.name,
            "kind": s.kind,
            "country": s.country,
            "pcode": s.pcode,
            "latitude": float(s.latitude) if s.latitude is not None else None,
            "longitude": float(s.longitude) if s.longitude is not None else None,
        }
        for s in selectors.list_sites()
    ]
