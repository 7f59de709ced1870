"""Policy engine: screening under versioned policy packs (rules as data → indications with a trace).

Pure Python; no Django. Main entry points:

* ``resolve_pack("baseline" | path)`` → ``Pack`` (raises ``PackError`` listing every problem with file/line)
* ``evaluate(pack, registration)`` → JSON-ready result with profiles, vulnerabilities, risk, routes, trace
* ``compile_sql(pack)`` / ``screen_batch(pack, registrations)`` → the same results computed in DuckDB
* ``compare_packs(pack_a, pack_b, registrations)`` → plain data on who is profiled/routed differently
* ``questions_to_ask(pack, registration, language)`` → the questions an intake form still needs
* ``run_cases(pack)`` → the pack's own test cases; ``registration_schema()`` → the input JSON Schema
"""

from mixmig.engines.policy.batch import screen_batch, screen_table
from mixmig.engines.policy.casetests import run_cases
from mixmig.engines.policy.compare import compare_packs, format_comparison
from mixmig.engines.policy.errors import PackError, Problem
from mixmig.engines.policy.evaluate import evaluate, summary
from mixmig.engines.policy.loader import load_pack_file, load_pack_text
from mixmig.engines.policy.model import Pack
from mixmig.engines.policy.packs import resolve_pack, shipped_pack_ids
from mixmig.engines.policy.questionnaire import needed_question_ids, questions_to_ask
from mixmig.engines.policy.schema import registration_problems, registration_schema
from mixmig.engines.policy.sqlcompile import compile_sql

__all__ = [
    "Pack",
    "PackError",
    "Problem",
    "compare_packs",
    "compile_sql",
    "evaluate",
    "format_comparison",
    "load_pack_file",
    "load_pack_text",
    "needed_question_ids",
    "questions_to_ask",
    "registration_problems",
    "registration_schema",
    "resolve_pack",
    "run_cases",
    "screen_batch",
    "screen_table",
    "shipped_pack_ids",
    "summary",
]
