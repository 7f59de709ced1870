"""What every web view shares: sign-in required, role checked, registry errors turned into 403/404."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404

from mixmig.apps.access.roles import can
from mixmig.apps.registry.errors import NotPermitted, NotVisible


def requires(permission: str):
    """Sign-in required; the role must grant ``permission`` (else 403); records out of scope are 404."""

    def decorate(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not can(request.user, permission):
                raise PermissionDenied(f"your role may not do this ({permission})")
            try:
                return view(request, *args, **kwargs)
            except NotVisible as exc:
                raise Http404(str(exc)) from exc
            except NotPermitted as exc:
                raise PermissionDenied(str(exc)) from exc

        return login_required(wrapped)

    return decorate
