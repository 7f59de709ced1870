"""Idle-session timeout and the audit origin of each web request."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib.auth import logout

from mixmig.apps.audit.context import reset_origin, set_origin


def client_ip(request) -> str:
    return request.META.get("REMOTE_ADDR", "") or ""


class IdleTimeoutMiddleware:
    """Sign a user out after ``MIXMIG_SESSION_IDLE_SECONDS`` without a request; tag audit events with the IP."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        channel = "api" if request.path.startswith("/api/") else "web"
        token = set_origin(client_ip(request), channel)
        try:
            if request.user.is_authenticated and channel == "web":
                now = int(time.time())
                last = request.session.get("last_seen")
                if last is not None and now - int(last) > settings.SESSION_IDLE_SECONDS:
                    logout(request)
                    request.session["idle_expired"] = True
                else:
                    request.session["last_seen"] = now
            return self.get_response(request)
        finally:
            reset_origin(token)
