"""Hypothesis strategies: registrations as the registry produces them, with unknowns everywhere."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import strategies as st

from mixmig.engines.policy.fields import DOCUMENT_KINDS, REASONS, RELATIONS, TRANSPORT
from mixmig.engines.policy.flatten import questions_of
from mixmig.engines.policy.packs import resolve_pack, shipped_pack_ids

PACK_IDS = shipped_pack_ids()
PACKS = [resolve_pack(pid) for pid in PACK_IDS]
QUESTIONS = questions_of(PACKS)
COUNTRIES = ["SYR", "AFG", "ERI", "NER", "CHN", "XXA", "XXX", "VEN", "UKR"]


def _answer(q):
    if q.type == "yes_no":
        return st.sampled_from([True, False, None, "yes", "no", "unknown"])
    values = [v for v, _ in q.options]
    if q.type == "select_one":
        return st.one_of(st.none(), st.sampled_from(values))
    if q.type == "select_multiple":
        return st.one_of(st.none(), st.lists(st.sampled_from(values), max_size=3))
    if q.type == "integer":
        return st.one_of(st.none(), st.integers(0, 50))
    if q.type == "decimal":
        return st.one_of(st.none(), st.floats(0, 1e4, allow_nan=False))
    return st.one_of(st.none(), st.text(max_size=5))


answers = st.fixed_dictionaries({}, optional={q.id: _answer(q) for q in QUESTIONS})


@st.composite
def registrations(draw, record_id: str | None = None):
    screening = draw(st.dates(date(2024, 1, 1), date(2027, 12, 31)))
    precision = draw(st.sampled_from(["exact", "year", "age_estimate", "unknown"]))
    age_days = draw(st.one_of(st.integers(0, 90 * 366), st.integers(17 * 365 - 3, 18 * 366 + 3)))
    born = screening - timedelta(days=age_days)
    if draw(st.booleans()) and born.year % 4 == 0:
        born = date(born.year, 2, 29)
    reg = {
        "record_id": record_id or draw(st.uuids()).hex,
        "screening_date": screening.isoformat(),
        "sex": draw(st.sampled_from(["female", "male", "other", "unknown"])),
        "birth_precision": precision,
        "birth_date": born.isoformat() if precision == "exact" and draw(st.integers(0, 9)) else None,
        "birth_year": born.year if precision == "year" and draw(st.integers(0, 9)) else None,
        "age_estimate": draw(st.one_of(st.none(), st.integers(0, 90)))
        if precision == "age_estimate"
        else None,
        "nationalities": draw(st.one_of(st.none(), st.lists(st.sampled_from(COUNTRIES), max_size=2))),
        "origin_country": draw(st.one_of(st.none(), st.sampled_from(COUNTRIES[:5]))),
        "intended_destination": draw(st.one_of(st.none(), st.sampled_from(["DEU", "ITA", "USA"]))),
        "transport_mode": draw(st.one_of(st.none(), st.sampled_from(TRANSPORT))),
        "smuggler_paid": draw(st.sampled_from([True, False, None])),
        "journey_cost": draw(st.one_of(st.none(), st.floats(0, 20000, allow_nan=False))),
        "reasons_for_leaving": draw(st.one_of(st.none(), st.lists(st.sampled_from(REASONS), max_size=3))),
        "documents": draw(
            st.one_of(
                st.none(),
                st.lists(st.fixed_dictionaries({"kind": st.sampled_from(DOCUMENT_KINDS)}), max_size=2),
            )
        ),
        "companions": draw(
            st.one_of(
                st.none(),
                st.lists(
                    st.fixed_dictionaries(
                        {
                            "relation": st.sampled_from(RELATIONS),
                            "age": st.one_of(st.none(), st.integers(0, 80)),
                        }
                    ),
                    max_size=4,
                ),
            )
        ),
        "answers": draw(answers),
    }
    disputed = draw(st.sampled_from(["missing", True, False, None]))
    if disputed != "missing":
        reg["age_disputed"] = disputed
    return reg


caseloads = st.lists(registrations(), min_size=1, max_size=25)
