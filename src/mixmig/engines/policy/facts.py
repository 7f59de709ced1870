"""Fact sources: how a fact's value is derived from a registration, in Python and in SQL.

Each source computes the same value both ways; the batch property test holds them to it.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from mixmig.engines.policy.dialect import Dialect, lit
from mixmig.engines.policy.fields import FIELDS

Registration = dict[str, Any]

YES: dict[Any, bool | None] = {
    True: True,
    False: False,
    None: None,
    "yes": True,
    "no": False,
    "true": True,
    "false": False,
}
YES.update({"unknown": None, "dont_know": None, "refused": None, "": None, 1: True, 0: False})


def _date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(value)


def age_in_years(reg: Registration, margin: int = 0) -> int | None:
    """Age on the screening date. Year only: the lower of the two possible ages (benefit of the doubt).
    Estimated age: the estimate minus ``margin`` years, not below 0."""
    precision = reg.get("birth_precision")
    if precision == "exact":
        born, on = _date(reg.get("birth_date")), _date(reg.get("screening_date"))
        if born is None or on is None:
            return None
        return on.year - born.year - (1 if on.month * 100 + on.day < born.month * 100 + born.day else 0)
    if precision == "year":
        year, on = reg.get("birth_year"), _date(reg.get("screening_date"))
        return None if year is None or on is None else max(0, on.year - year - 1)
    if precision == "age_estimate":
        est = reg.get("age_estimate")
        return None if est is None else max(0, est - margin)
    return None


def _not_negative(expr: str) -> str:
    # Not greatest(0, x): DuckDB's greatest() skips NULLs, so greatest(0, NULL) would be 0, not unknown.
    return f"(CASE WHEN ({expr}) < 0 THEN 0 ELSE ({expr}) END)"


def age_sql(margin: int = 0) -> str:
    s, b = "screening_date", "birth_date"
    exact = (
        f"(year({s}) - year({b}) - CASE WHEN month({s}) * 100 + day({s}) < month({b}) * 100 + day({b}) "
        f"THEN 1 ELSE 0 END)"
    )
    return (
        f"(CASE birth_precision WHEN 'exact' THEN {exact} "
        f"WHEN 'year' THEN {_not_negative(f'year({s}) - birth_year - 1')} "
        f"WHEN 'age_estimate' THEN {_not_negative(f'age_estimate - {int(margin)}')} ELSE NULL END)"
    )


def count_companions(
    reg: Registration, relations: frozenset[str] | None, min_age: int | None, max_age: int | None
) -> int:
    n = 0
    for c in reg.get("companions") or ():
        if relations is not None and c.get("relation") not in relations:
            continue
        age = c.get("age")
        if (min_age is not None or max_age is not None) and age is None:
            continue
        if min_age is not None and age < min_age:
            continue
        if max_age is not None and age > max_age:
            continue
        n += 1
    return n


def count_companions_sql(
    d: Dialect, relations: frozenset[str] | None, min_age: int | None, max_age: int | None
) -> str:
    preds = []
    if relations is not None:
        preds.append(f"c.relation IN ({', '.join(lit(r) for r in sorted(relations))})")
    if min_age is not None:
        preds.append(f"c.age >= {int(min_age)}")
    if max_age is not None:
        preds.append(f"c.age <= {int(max_age)}")
    if not preds:
        return "len(companions)" if d.name == "duckdb" else "size(companions)"
    return d.count_where("companions", "c", " AND ".join(preds))


def field_value(reg: Registration, name: str) -> Any:
    if name == "document_kinds":
        docs = reg.get("documents")
        return None if docs is None else frozenset(doc["kind"] for doc in docs)
    value = reg.get(name, False if name == "age_disputed" else None)
    if FIELDS[name].type == "set":
        return None if value is None else frozenset(value)
    return value


def answer_value(answers: dict[str, Any], qid: str, qtype: str) -> Any:
    value = answers.get(qid)
    if qtype == "yes_no":
        try:
            return YES[value.lower() if isinstance(value, str) else value]
        except (KeyError, TypeError):
            raise ValueError(
                f"answers.{qid}: {value!r} is not a yes/no answer; allowed: true, false, null, yes, no, unknown"
            ) from None
    if value is None or value == "":
        return None
    if qtype == "select_multiple":
        return frozenset(value.split() if isinstance(value, str) else value)
    if qtype == "integer":
        return int(value)
    if qtype == "decimal":
        return float(value)
    return str(value)


class Source:
    """How a fact is derived; ``value`` (Python) and ``sql`` (a column expression) agree."""

    def value(self, reg: Registration, answers: dict[str, Any]) -> Any:
        raise NotImplementedError

    def sql(self, d: Dialect) -> str:
        raise NotImplementedError


class FieldSource(Source):
    def __init__(self, name: str):
        self.name = name

    def value(self, reg: Registration, answers: dict[str, Any]) -> Any:
        return field_value(reg, self.name)

    def sql(self, d: Dialect) -> str:
        return self.name


class AnswerSource(Source):
    def __init__(self, qid: str, qtype: str):
        self.qid, self.qtype = qid, qtype

    def value(self, reg: Registration, answers: dict[str, Any]) -> Any:
        return answer_value(answers, self.qid, self.qtype)

    def sql(self, d: Dialect) -> str:
        return f"a_{self.qid}"


class AgeSource(Source):
    def __init__(self, margin: int = 0):
        self.margin = margin

    def value(self, reg: Registration, answers: dict[str, Any]) -> Any:
        return age_in_years(reg, self.margin)

    def sql(self, d: Dialect) -> str:
        return age_sql(self.margin)


class CompanionCountSource(Source):
    def __init__(self, relations: list[str] | None, min_age: int | None, max_age: int | None):
        self.relations = frozenset(relations) if relations else None
        self.min_age, self.max_age = min_age, max_age

    def value(self, reg: Registration, answers: dict[str, Any]) -> Any:
        return count_companions(reg, self.relations, self.min_age, self.max_age)

    def sql(self, d: Dialect) -> str:
        return count_companions_sql(d, self.relations, self.min_age, self.max_age)


SOURCE_KINDS = ("field", "answer", "age_years", "count_companions")
