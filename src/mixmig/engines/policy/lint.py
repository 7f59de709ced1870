"""Warnings about a pack that loads: unused facts and questions, missing translations."""

from __future__ import annotations

from mixmig.engines.policy.conditions import Node
from mixmig.engines.policy.model import Pack


def lint_warnings(pack: Pack, languages: tuple[str, ...] = ("en", "zh-hans")) -> list[str]:
    used: set[str] = set()
    nodes: list[Node] = []
    nodes += [f.when for f in pack.facts if f.when is not None]
    nodes += [r.when for r in (*pack.profiles, *pack.vulnerabilities)] + [r.when for r in pack.routes]
    for node in nodes:
        used |= node.refs()
    for level in pack.risk_levels:
        used |= level.when.refs()
    out = []
    for f in pack.facts:
        if f.key not in used:
            out.append(f"{pack.file}: fact '{f.id}' is never used by a rule")
    answered = {f.source.qid for f in pack.facts if f.source is not None and hasattr(f.source, "qid")}
    for q in pack.questions:
        if q.id not in answered:
            out.append(f"{pack.file}: question '{q.id}' is asked but no fact reads its answer")
        for lang in languages:
            if lang not in q.label:
                out.append(f"{pack.file}: question '{q.id}' has no '{lang}' label")
    for rule in (*pack.profiles, *pack.vulnerabilities):
        for lang in languages:
            if lang not in rule.label:
                out.append(f"{pack.file}: '{rule.id}' has no '{lang}' label")
    return out
