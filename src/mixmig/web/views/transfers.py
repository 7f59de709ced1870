"""Case transfers between agencies: propose from the case page; accept or decline on the receiving side.

The transfer services enforce who may do what (supervisors, ``case.transfer``) and the consent ledger
(purpose ``case_transfer`` for the receiving agency, or an audited override with a reason).
"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from mixmig.apps.access import services as access
from mixmig.apps.cases import transfers
from mixmig.apps.cases.vocabularies import TransferStatus
from mixmig.apps.referrals.statemachine import IllegalTransition
from mixmig.apps.registry.errors import InvalidInput
from mixmig.web.views.common import requires


def _errors(exc) -> str:
    return "; ".join(f"{e.field}: {e.message}" for e in getattr(exc, "errors", [])) or str(exc)


@requires("case.transfer")
@require_POST
def propose(request, pk: int):
    post = request.POST
    agency = access.agency_by_code(post.get("to_agency", ""))
    try:
        transfers.request_transfer(
            request.user,
            pk,
            agency,
            post.get("reason", ""),
            post.getlist("fields") or None,
            post.get("override_reason", ""),
        )
        messages.success(request, _("Transfer proposed; the case moves when the receiving agency accepts."))
    except (InvalidInput, IllegalTransition) as exc:
        messages.error(request, _("Transfer not proposed: %(errors)s") % {"errors": _errors(exc)})
    return redirect("web:case", pk=pk)


@requires("case.transfer")
@require_GET
def transfer_list(request):
    context = {
        "incoming": list(transfers.incoming_transfers(request.user)),
        "outgoing": list(transfers.outgoing_transfers(request.user)[:50]),
    }
    return render(request, "web/casework/transfers.html", context)


@requires("case.transfer")
@require_POST
def decide(request, pk: int):
    decision = request.POST.get("decision", "")
    allowed = (TransferStatus.ACCEPTED, TransferStatus.DECLINED, TransferStatus.CANCELLED)
    try:
        if decision not in allowed:
            raise InvalidInput([])
        transfer = transfers.decide_transfer(request.user, pk, decision, request.POST.get("reason", ""))
        messages.success(request, _("Transfer %(decision)s.") % {"decision": transfer.get_status_display()})
    except (InvalidInput, IllegalTransition) as exc:
        messages.error(request, _errors(exc) or _("Unknown decision."))
    return redirect("web:transfers")
