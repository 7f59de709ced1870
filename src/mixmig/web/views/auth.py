"""Signing in (throttled by the access service), signing out, and the idle-timeout notice."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from mixmig.apps.access.services import sign_in, sign_out


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, {request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


@sensitive_post_parameters("password")
@require_http_methods(["GET", "POST"])
def login_view(request):
    if request.user.is_authenticated and request.method == "GET":
        return redirect(_next_url(request) or "web:home")
    idle_expired = request.session.pop("idle_expired", False)
    error = ""
    username = ""
    if request.method == "POST":
        username = request.POST.get("username", "")
        result = sign_in(
            request, username, request.POST.get("password", ""), request.META.get("REMOTE_ADDR", "")
        )
        if result.user is not None:
            login(request, result.user)
            return redirect(_next_url(request) or "web:home")
        error = result.message
    context = {"error": error, "username": username, "next": _next_url(request), "idle_expired": idle_expired}
    return render(request, "web/login.html", context, status=200 if not error else 400)


@require_POST
def logout_view(request):
    sign_out(request)
    messages.info(request, _("You have signed out."))
    return redirect("web:login")
