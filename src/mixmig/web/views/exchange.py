"""Messages received from partner instances: referrals and case transfers for the user's agency.

The exchange selectors and services enforce who sees and decides what: referrals need ``referral.view`` to
see and ``referral.respond`` to decide, received case transfers ``case.transfer`` (supervisors); a message
for another agency is 404. Opening one is an audited read showing only the field groups the sender shared;
accepting or declining sends the signed status back to the sender.
"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from mixmig.apps.exchange import selectors, services
from mixmig.apps.exchange.models import InboundMessage
from mixmig.apps.registry.errors import InvalidInput
from mixmig.web.views.common import requires


def _text(value) -> str:
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_text(v)}" for k, v in value.items() if v not in (None, "", [], {}))
    if isinstance(value, list | tuple):
        return "; ".join(_text(v) for v in value)
    return "" if value is None else str(value)


@requires("referral.view")
@require_GET
def inbox(request):
    status = request.GET.get("status", "")
    if status not in InboundMessage.Status.values:
        status = ""
    items = list(selectors.inbound_messages(request.user, status)[:200])
    return render(
        request,
        "web/exchange/inbox.html",
        {"items": items, "status": status, "statuses": InboundMessage.Status.choices},
    )


@requires("referral.view")
@require_GET
def detail(request, pk: int):
    message = selectors.get_inbound_message(request.user, pk)  # audited read; 404 for another agency
    content = message.content or {}
    person = [(key, _text(value)) for key, value in (content.get("person") or {}).items()]
    context = {
        "m": message,
        "c": content,
        "person": person,
        "may_decide": message.status == InboundMessage.Status.RECEIVED
        and message.kind in selectors.decidable_kinds(request.user),
    }
    return render(request, "web/exchange/detail.html", context)


@requires("referral.view")
@require_POST
def decide(request, pk: int):
    decision = request.POST.get("decision", "")
    reason = request.POST.get("reason", "")
    if decision not in ("accept", "decline"):
        messages.error(request, _("Unknown decision."))
        return redirect("web:exchange_inbound", pk=pk)
    try:
        services.decide(request.user, pk, decision == "accept", reason)
    except InvalidInput as exc:
        errors = "; ".join(f"{e.field}: {e.message}" for e in exc.errors)
        messages.error(request, _("Not decided: %(errors)s") % {"errors": errors})
        return redirect("web:exchange_inbound", pk=pk)
    if decision == "accept":
        messages.success(request, _("Accepted; the sending instance is told."))
    else:
        messages.success(request, _("Declined; the sending instance is told."))
    return redirect("web:exchange_inbound", pk=pk)
