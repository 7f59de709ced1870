"""A synthetic caseload generated inside DuckDB (deterministic, no personal data) for benchmarks and demos.

``synthetic_sql(n, questions)`` returns a query producing ``n`` rows in the flattened registrations schema
(see flatten.py) with realistic shares of children, unknowns, companions and trafficking indicators.
"""

from __future__ import annotations

# ruff: noqa: S608 -- builds SQL from constants and question ids checked at load
from mixmig.engines.policy.dialect import lit
from mixmig.engines.policy.model import Question


def _u(i: str, key: str) -> str:
    """A uniform number 0..999 from the row number and a salt."""
    return f"(hash({i}, {lit(key)}) % 1000)::INTEGER"


def _pick(i: str, key: str, weighted: list[tuple[object, int]]) -> str:
    """CASE choosing a value by per-mille weights."""
    parts, acc = [], 0
    for value, weight in weighted:
        acc += weight
        parts.append(
            f"WHEN {_u(i, key)} < {acc} THEN {value if isinstance(value, str) and value.startswith(('[', 'NULL', '{', 'TRUE', 'FALSE')) else lit(value)}"
        )
    return "CASE " + " ".join(parts) + " ELSE NULL END"


def _answer(q: Question, i: str) -> str:
    if q.type == "yes_no":
        return _pick(i, q.id, [("TRUE", 120), ("FALSE", 630), ("NULL", 250)])
    values = [v for v, _ in q.options]
    if q.type == "select_multiple":
        none = "['none']" if "none" in values else "[]"
        real = [v for v in values if v != "none"]
        first, second = real[0], real[min(1, len(real) - 1)]
        return _pick(
            i, q.id, [(none, 700), (f"['{first}']", 60), (f"['{first}', '{second}']", 40), ("NULL", 200)]
        )
    if q.type == "select_one":
        return _pick(i, q.id, [(values[0], 500), (values[-1], 300), ("NULL", 200)])
    if q.type == "integer":
        return f"CASE WHEN {_u(i, q.id)} < 800 THEN {_u(i, q.id + 'v')} % 50 END"
    if q.type == "decimal":
        return f"CASE WHEN {_u(i, q.id)} < 800 THEN {_u(i, q.id + 'v')} * 1.5 END"
    return "NULL::VARCHAR"


def synthetic_sql(n: int, questions: list[Question]) -> str:
    i = "i"
    age_years = f"(CASE WHEN {_u(i, 'child')} < 280 THEN {_u(i, 'ca')} % 18 ELSE 18 + {_u(i, 'aa')} % 55 END)"
    screening = f"(DATE '2025-01-01' + ({_u(i, 'sd')} % 365))"
    born = f"({screening} - ({age_years} * 365 + {_u(i, 'bd')} % 365))"
    companions = _pick(
        i,
        "comp",
        [
            ("[]", 380),
            ("[{'relation': 'parent', 'age': 40}, {'relation': 'sibling', 'age': 12}]", 250),
            ("[{'relation': 'spouse', 'age': 33}]", 120),
            ("[{'relation': 'sibling', 'age': 24}]", 60),
            (
                "[{'relation': 'unrelated_adult', 'age': 35}, {'relation': 'unrelated_adult', 'age': NULL}]",
                150,
            ),
            ("[{'relation': 'legal_guardian', 'age': 50}]", 20),
            ("[{'relation': 'unknown', 'age': NULL}]", 20),
        ],
    )
    cols = [
        f"'R' || lpad({i}::VARCHAR, 8, '0') AS record_id",
        f"{screening} AS screening_date",
        f"{_pick(i, 'sex', [('female', 400), ('male', 550), ('other', 20), ('unknown', 30)])} AS sex",
        f"CASE WHEN {_u(i, 'prec')} < 500 THEN {born} END AS birth_date",
        f"CASE WHEN {_u(i, 'prec')} >= 500 AND {_u(i, 'prec')} < 750 THEN year({born}) END::INTEGER AS birth_year",
        f"CASE WHEN {_u(i, 'prec')} < 500 THEN 'exact' WHEN {_u(i, 'prec')} < 750 THEN 'year' "
        f"WHEN {_u(i, 'prec')} < 950 THEN 'age_estimate' ELSE 'unknown' END AS birth_precision",
        f"CASE WHEN {_u(i, 'prec')} >= 750 AND {_u(i, 'prec')} < 950 THEN {age_years} END::INTEGER AS age_estimate",
        f"{_pick(i, 'disp', [('TRUE', 50), ('FALSE', 900), ('NULL', 50)])} AS age_disputed",
        f"{_pick(i, 'nat', [('[' + chr(39) + 'SYR' + chr(39) + ']', 250), ('[' + chr(39) + 'AFG' + chr(39) + ']', 200), ('[' + chr(39) + 'ERI' + chr(39) + ']', 100), ('[' + chr(39) + 'NER' + chr(39) + ']', 150), ('[' + chr(39) + 'CHN' + chr(39) + ']', 100), ('[' + chr(39) + 'XXA' + chr(39) + ']', 30), ('[' + chr(39) + 'XXX' + chr(39) + ']', 70), ('NULL', 100)])}::VARCHAR[] AS nationalities",
        f"{_pick(i, 'org', [('SYR', 300), ('AFG', 300), ('NER', 200), ('NULL', 200)])} AS origin_country",
        f"{_pick(i, 'dst', [('DEU', 400), ('ITA', 300), ('NULL', 300)])} AS intended_destination",
        f"{_pick(i, 'tr', [('foot', 200), ('road', 350), ('sea', 250), ('air', 100), ('NULL', 100)])} AS transport_mode",
        f"{_pick(i, 'smug', [('TRUE', 450), ('FALSE', 400), ('NULL', 150)])} AS smuggler_paid",
        f"CASE WHEN {_u(i, 'cost')} < 700 THEN {_u(i, 'costv')} * 10.0 END AS journey_cost",
        f"{_pick(i, 'why', [('[' + chr(39) + 'conflict_violence' + chr(39) + ']', 300), ('[' + chr(39) + 'economic' + chr(39) + ']', 300), ('[' + chr(39) + 'persecution' + chr(39) + ', ' + chr(39) + 'conflict_violence' + chr(39) + ']', 80), ('[' + chr(39) + 'environmental' + chr(39) + ', ' + chr(39) + 'economic' + chr(39) + ']', 80), ('[' + chr(39) + 'family' + chr(39) + ']', 90), ('NULL', 150)])}::VARCHAR[] AS reasons_for_leaving",
        f"{_pick(i, 'docs', [('[]', 350), ('[' + chr(39) + 'passport' + chr(39) + ']', 350), ('[' + chr(39) + 'national_id' + chr(39) + ', ' + chr(39) + 'birth_certificate' + chr(39) + ']', 150), ('NULL', 150)])}::VARCHAR[] AS document_kinds",
        f"{companions}::STRUCT(relation VARCHAR, age INTEGER)[] AS companions",
    ]
    cols += [f"{_answer(q, i)} AS a_{q.id}" for q in questions]
    return f"SELECT {', '.join(cols)} FROM range({int(n)}) t({i})"
