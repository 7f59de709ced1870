"""Identity resolution: duplicate check, batch runs, the review queue, merge and unmerge of persons."""

from __future__ import annotations

from typing import Any

from ninja import Body, Router, Schema

from mixmig.api.errors import responses
from mixmig.apps.identity import selectors, services
from mixmig.apps.registry import services as registry

router = Router(tags=["identity"])


class CandidateOut(Schema):
    person_number: str
    registration_id: int
    probability: float
    explanation: list[dict[str, Any]]


class MatchOut(Schema):
    id: int
    person_a: str
    person_b: str
    probability: float
    explanation: list[dict[str, Any]]
    status: str


class DecisionIn(Schema):
    decision: str  # match | not_match
    reason: str = ""


class MergeIn(Schema):
    merged: str  # person number whose registrations move to {number}
    reason: str


class ReasonIn(Schema):
    reason: str


class MergeOut(Schema):
    id: int
    survivor: str
    merged: str
    registration_ids: list[int]
    merged_at: str
    undone_at: str | None


class RunOut(Schema):
    id: int
    status: str
    progress: float
    message: str
    counts: dict[str, Any]
    created_at: str
    started_at: str | None
    finished_at: str | None
    error: str


def _match(m) -> dict:
    return {
        "id": m.pk,
        "person_a": m.person_a.number,
        "person_b": m.person_b.number,
        "probability": m.probability,
        "explanation": m.explanation,
        "status": m.status,
    }


def _merge(m) -> dict:
    return {
        "id": m.pk,
        "survivor": m.survivor.number,
        "merged": m.merged.number,
        "registration_ids": m.registration_ids,
        "merged_at": m.merged_at.isoformat(),
        "undone_at": m.undone_at.isoformat() if m.undone_at else None,
    }


def _run(r) -> dict:
    iso = lambda v: v.isoformat() if v else None  # noqa: E731
    return {
        "id": r.pk,
        "status": r.status,
        "progress": r.progress,
        "message": r.message,
        "counts": r.counts or {},
        "created_at": r.created_at.isoformat(),
        "started_at": iso(r.started_at),
        "finished_at": iso(r.finished_at),
        "error": r.error,
    }


@router.post("/identity/check", response={200: list[CandidateOut], **responses(401, 403)})
def check(request, member: dict[str, Any] = Body(...), limit: int = 10):  # noqa: B008 - ninja idiom
    """Persons you may see who may be the person in ``member`` (a registration member as posted to
    ``POST /registrations``), best first, with match probability and the field-by-field explanation."""
    found = selectors.check_duplicates(request.auth, member, limit=min(max(limit, 1), 50))
    return [
        {
            "person_number": c.person_number,
            "registration_id": c.registration_id,
            "probability": c.probability,
            "explanation": c.explanation,
        }
        for c in found
    ]


@router.get("/identity/matches", response={200: list[MatchOut], **responses(401, 403)})
def matches(request, limit: int = 50, offset: int = 0):
    """Pending possible matches whose both persons you may see, likeliest first."""
    page = list(selectors.pending_matches(request.auth)[offset : offset + min(limit, 200)])
    return [_match(m) for m in page]


@router.post(
    "/identity/matches/{match_id}/decision", response={200: MatchOut, **responses(401, 403, 404, 422)}
)
def decide(request, match_id: int, body: DecisionIn):
    """``match`` merges the two persons (the earlier one survives); ``not_match`` is never proposed again."""
    return _match(services.decide(request.auth, match_id, body.decision, body.reason))


@router.post("/persons/{number}/merge", response={200: MergeOut, **responses(401, 403, 404, 422)})
def merge(request, number: str, body: MergeIn):
    """Move every registration of ``merged`` to person ``number``; undo with ``POST /merges/{merge_id}/unmerge``."""
    return _merge(registry.merge_persons(request.auth, number, body.merged, body.reason))


@router.post("/merges/{merge_id}/unmerge", response={200: MergeOut, **responses(401, 403, 404, 422)})
def unmerge(request, merge_id: int, body: ReasonIn):
    """Restore both persons exactly as they were before the merge."""
    return _merge(registry.unmerge_persons(request.auth, merge_id, body.reason))


@router.post("/identity/runs", response={202: RunOut, **responses(401, 403, 422)})
def start_run(request):
    """Start a batch linkage run over the whole registry (background job); poll ``GET /identity/runs/{run_id}``."""
    return 202, _run(services.start_run(request.auth))


@router.get("/identity/runs/{run_id}", response={200: RunOut, **responses(401, 403, 404)})
def run_status(request, run_id: int):
    """Status, progress (0–1), counts and error of a batch run."""
    return _run(selectors.get_run(request.auth, run_id))
