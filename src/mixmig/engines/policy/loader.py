"""Load a policy pack from YAML: schema, references, types, reachability — all or nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mixmig.engines.policy.conditions import Const
from mixmig.engines.policy.errors import PackError, Problem, allowed, suggest
from mixmig.engines.policy.facts import (
    SOURCE_KINDS,
    AgeSource,
    AnswerSource,
    CompanionCountSource,
    FieldSource,
    Source,
)
from mixmig.engines.policy.fields import FIELDS, QUESTION_FACT_TYPE, RELATIONS
from mixmig.engines.policy.model import Fact, Pack, Question, RiskLevel, Route, Rule
from mixmig.engines.policy.parse_condition import FactType, Scope, parse
from mixmig.engines.policy.reachability import unreachable_problems
from mixmig.engines.policy.schema import registration_problems, schema_problems
from mixmig.engines.policy.yamlmarks import format_path, line_of, load_yaml

# Stands in for a condition that failed to parse; a problem is reported and the pack is not returned.
FAILED = Const(False)

REQUIRED_KINDS = ("international_protection", "trafficking_victim", "unaccompanied_child")


class _Checker:
    def __init__(self, file: str, lines: dict):
        self.file, self.lines = file, lines
        self.problems: list[Problem] = []

    def report(self, path: tuple, message: str) -> None:
        self.problems.append(Problem(self.file, line_of(self.lines, path), format_path(path), message))

    def unique(self, items: list[dict], section: str) -> None:
        seen: dict[str, int] = {}
        for i, item in enumerate(items):
            ident = item["id"]
            if ident in seen:
                first = line_of(self.lines, (section, seen[ident]))
                self.report(
                    (section, i, "id"),
                    f"duplicate id '{ident}' in {section} (first declared at line {first})",
                )
            else:
                seen[ident] = i


def load_pack_text(text: str, file: str = "<pack>") -> Pack:
    data, lines = load_yaml(text, file)
    problems = schema_problems(data, file, lines)
    if problems:
        raise PackError(problems)
    c = _Checker(file, lines)
    for section in ("questions", "facts", "profiles", "vulnerabilities", "routes"):
        c.unique(data.get(section, []), section)
    questions = _questions(data.get("questions", []), c)
    facts = _facts(data["facts"], questions, c)
    pack = _rules(data, questions, facts, c)
    _check_tests(data, pack, c)
    if not c.problems and pack is not None:
        c.problems.extend(unreachable_problems(pack, file, lines))
    if c.problems or pack is None:
        raise PackError(c.problems)
    return pack


def load_pack_file(path: str | Path) -> Pack:
    path = Path(path)
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PackError([Problem(str(path), None, "", f"cannot read the pack: {exc}")]) from None
    return load_pack_text(text, str(path))


def _questions(raw: list[dict], c: _Checker) -> dict[str, Question]:
    out = {}
    for i, q in enumerate(raw):
        if q["type"].startswith("select") and not q.get("options"):
            c.report(("questions", i), f"question '{q['id']}' is {q['type']} and needs 'options'")
        opts = tuple((o["value"], o["label"]) for o in q.get("options", []))
        out[q["id"]] = Question(
            q["id"],
            q["type"],
            q["label"],
            q.get("hint", {}),
            opts,
            q.get("sensitive", False),
            q.get("source", ""),
        )
    return out


def _source(
    fid: str, ftype: str, spec: dict, path: tuple, questions: dict[str, Question], c: _Checker
) -> tuple[Source | None, tuple | None]:
    kind, arg = next(iter(spec.items()))
    if kind not in SOURCE_KINDS:
        c.report(
            (*path, kind),
            f"unknown fact source '{kind}'{suggest(kind, SOURCE_KINDS)}; {allowed(SOURCE_KINDS)}",
        )
        return None, None
    if kind == "field":
        field = FIELDS.get(arg)
        if field is None:
            c.report(
                (*path, kind),
                f"unknown registration field '{arg}'{suggest(str(arg), FIELDS)}; {allowed(FIELDS)}",
            )
            return None, None
        if field.type != ftype:
            c.report(
                path, f"type mismatch: fact '{fid}' is declared {ftype} but field '{arg}' is {field.type}"
            )
        return FieldSource(arg), field.values
    if kind == "answer":
        q = questions.get(arg)
        if q is None:
            c.report(
                (*path, kind),
                f"unknown question '{arg}'{suggest(str(arg), questions)}; declare it under 'questions'",
            )
            return None, None
        if QUESTION_FACT_TYPE[q.type] != ftype:
            c.report(
                path,
                f"type mismatch: fact '{fid}' is {ftype} but question '{arg}' ({q.type}) gives {QUESTION_FACT_TYPE[q.type]}",
            )
        return AnswerSource(arg, q.type), tuple(v for v, _ in q.options) or None
    arg = arg or {}
    if not isinstance(arg, dict):
        c.report((*path, kind), f"'{kind}' takes a mapping of options (or {{}})")
        return None, None
    expected = "integer"
    if ftype != expected:
        c.report(path, f"type mismatch: '{kind}' gives an integer; fact '{fid}' is declared {ftype}")
    options = {"age_years": ("estimate_margin",), "count_companions": ("relation", "min_age", "max_age")}[
        kind
    ]
    for key in arg:
        if key not in options:
            c.report((*path, kind, key), f"unknown option '{key}'{suggest(key, options)}; {allowed(options)}")
    if kind == "age_years":
        return AgeSource(int(arg.get("estimate_margin", 0))), None
    relations = arg.get("relation")
    for r in relations or []:
        if r not in RELATIONS:
            c.report(
                (*path, kind, "relation"),
                f"unknown relation '{r}'{suggest(r, RELATIONS)}; {allowed(RELATIONS)}",
            )
    return CompanionCountSource(relations, arg.get("min_age"), arg.get("max_age")), None


def _facts(raw: list[dict], questions: dict[str, Question], c: _Checker) -> list[Fact]:
    out: list[Fact] = []
    types: dict[str, FactType] = {}
    all_ids = [f["id"] for f in raw]
    for i, f in enumerate(raw):
        fid, ftype, path = f["id"], f["type"], ("facts", i)
        declared = tuple(f["values"]) if "values" in f else None
        if "from" in f:
            source, values = _source(fid, ftype, f["from"], (*path, "from"), questions, c)
            values = declared or values
            out.append(Fact(fid, ftype, values, source, None, f.get("label", {}), f.get("source", "")))
        else:
            if ftype != "boolean":
                c.report((*path, "type"), f"fact '{fid}' has a 'when' condition, so its type must be boolean")
            scope = Scope(dict(types), later={"fact": all_ids[i:]}, where=f"fact '{fid}'")
            node = parse(f["when"], (*path, "when"), scope, c.report) or FAILED
            out.append(Fact(fid, "boolean", None, None, node, f.get("label", {}), f.get("source", "")))
        types[fid] = FactType(out[-1].type, out[-1].values, out[-1].when)
    return out


def _rules(data: dict, questions: dict[str, Question], facts: list[Fact], c: _Checker) -> Pack | None:
    types = {f.id: FactType(f.type, f.values, f.when) for f in facts}
    profile_ids = [p["id"] for p in data["profiles"]]
    vuln_raw = data.get("vulnerabilities", [])
    vuln_ids = [v["id"] for v in vuln_raw]
    profiles = []
    for i, p in enumerate(data["profiles"]):
        scope = Scope(
            types,
            profile_ids[:i],
            [],
            {"profile": profile_ids[i:], "vulnerability": vuln_ids},
            f"profile '{p['id']}'",
        )
        node = parse(p["when"], ("profiles", i, "when"), scope, c.report) or FAILED
        profiles.append(
            Rule(
                p["id"], p["label"], node, p["source"], kind=p["kind"], line=line_of(c.lines, ("profiles", i))
            )
        )
    kinds = [p["kind"] for p in data["profiles"]]
    for kind in REQUIRED_KINDS:
        if kind not in kinds:
            c.report(
                ("profiles",),
                f"the guards need a profile of kind '{kind}'; add one (its condition may be pack-specific)",
            )
    for kind in set(kinds) - {"other"}:
        if kinds.count(kind) > 1:
            c.report(
                ("profiles", kinds.index(kind), "kind"),
                f"two profiles have kind '{kind}'; each canonical kind may appear once (use 'other')",
            )
    vulns = []
    for i, v in enumerate(vuln_raw):
        scope = Scope(
            types, profile_ids, vuln_ids[:i], {"vulnerability": vuln_ids[i:]}, f"vulnerability '{v['id']}'"
        )
        node = parse(v["when"], ("vulnerabilities", i, "when"), scope, c.report) or FAILED
        vulns.append(
            Rule(
                v["id"],
                v["label"],
                node,
                v["source"],
                family=v.get("family", ""),
                line=line_of(c.lines, ("vulnerabilities", i)),
            )
        )
    full = Scope(types, profile_ids, vuln_ids, where="a route or risk level")
    risk = data.get("risk", {"default": "low", "levels": []})
    levels = []
    for i, lv in enumerate(risk["levels"]):
        node = parse(lv["when"], ("risk", "levels", i, "when"), full, c.report) or FAILED
        levels.append(RiskLevel(lv["level"], node, lv["source"]))
    routes = []
    deadline = data["settings"]["child_protection_deadline_hours"]
    for i, r in enumerate(data["routes"]):
        node = parse(r["when"], ("routes", i, "when"), full, c.report) or FAILED
        if r["procedure"] == "best_interests_procedure" and r["deadline_hours"] > deadline:
            c.report(
                ("routes", i, "deadline_hours"),
                f"a best-interests route must meet settings.child_protection_deadline_hours ({deadline}); got {r['deadline_hours']}",
            )
        routes.append(
            Route(
                r["id"],
                r["procedure"],
                tuple(r.get("services", [])),
                r["priority"],
                r["deadline_hours"],
                node,
                r["source"],
                r.get("label", {}),
                r.get("decided_by", ""),
            )
        )
    if c.problems:
        return None
    meta = data["pack"]
    return Pack(
        id=meta["id"],
        version=str(meta["version"]),
        jurisdiction=meta["jurisdiction"],
        title=meta["title"],
        meta=meta,
        settings=data["settings"],
        questions=tuple(questions.values()),
        facts=tuple(facts),
        profiles=tuple(profiles),
        vulnerabilities=tuple(vulns),
        risk_default=risk["default"],
        risk_levels=tuple(levels),
        routes=tuple(routes),
        tests=tuple(data["tests"]),
        file=c.file,
        test_lines=tuple(line_of(c.lines, ("tests", i)) for i in range(len(data["tests"]))),
    )


def _check_tests(data: dict, pack: Pack | None, c: _Checker) -> None:
    if pack is None:
        return
    known = {
        "profiles": [p.id for p in pack.profiles],
        "undetermined_profiles": [p.id for p in pack.profiles],
        "vulnerabilities": [v.id for v in pack.vulnerabilities],
        "routes": [r.id for r in pack.routes] + ["guard_child_protection"],
        "blocked_routes": [r.id for r in pack.routes],
        "facts": [f.id for f in pack.facts],
    }
    qids = {q.id for q in pack.questions}
    for i, test in enumerate(data["tests"]):
        for key, values in test["expect"].items():
            if key == "risk_level":
                continue
            for value in values:
                if value not in known[key]:
                    c.report(
                        ("tests", i, "expect", key),
                        f"unknown {key[:-1]} '{value}'{suggest(value, known[key])}; {allowed(known[key])}",
                    )
        for fid in test.get("facts", {}):
            if fid not in known["facts"]:
                c.report(("tests", i, "facts", fid), f"unknown fact '{fid}'{suggest(fid, known['facts'])}")
        reg = _test_registration(test)
        for msg in registration_problems(reg, "registration."):
            c.report(("tests", i, "registration"), msg)
        for qid in reg.get("answers", {}):
            if qid not in qids:
                c.report(
                    ("tests", i, "registration", "answers", qid),
                    f"unknown question '{qid}'{suggest(qid, qids)}",
                )


DEFAULT_REGISTRATION: dict[str, Any] = {
    "record_id": "test",
    "screening_date": "2026-01-15",
    "sex": "unknown",
    "birth_precision": "unknown",
}


def _test_registration(test: dict[str, Any]) -> dict[str, Any]:
    return {**DEFAULT_REGISTRATION, "record_id": test["name"], **test.get("registration", {})}


test_registration = _test_registration
