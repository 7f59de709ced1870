"""The start page: what the signed-in user's role lets them do."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from mixmig.apps.access.roles import can
from mixmig.apps.registry import selectors


@login_required
def home(request):
    user = request.user
    recent = []
    if can(user, "person.view"):
        recent = list(selectors.filter_registrations(user)[:10])
        selectors.record_listing(user, "registration.listed", "registration", [r.pk for r in recent])
    return render(request, "web/home.html", {"recent": recent})
