"""JSON Schemas of a policy pack and of the screening input, with errors turned into Problems."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from mixmig.engines.policy.errors import Problem, allowed, suggest
from mixmig.engines.policy.yamlmarks import format_path, line_of


@cache
def pack_schema() -> dict[str, Any]:
    return json.loads(resources.files(__package__).joinpath("pack.schema.json").read_text("utf-8"))


@cache
def registration_schema() -> dict[str, Any]:
    return json.loads(resources.files(__package__).joinpath("registration.schema.json").read_text("utf-8"))


@cache
def _validator(which: str) -> Draft202012Validator:
    if which == "pack":
        return Draft202012Validator(pack_schema())
    return Draft202012Validator(registration_schema(), format_checker=Draft202012Validator.FORMAT_CHECKER)


def _message(err: ValidationError) -> tuple[tuple, str]:
    path = tuple(err.absolute_path)
    if err.validator == "additionalProperties":
        known = list(err.schema.get("properties", {}))
        extra = [k for k in err.instance if k not in known] if isinstance(err.instance, dict) else []
        key = extra[0] if extra else "?"
        return (*path, key), f"unknown key '{key}'{suggest(key, known)}; {allowed(known)}"
    if err.validator == "enum":
        values = [str(v) for v in err.validator_value]
        return path, f"{err.instance!r} is not allowed{suggest(str(err.instance), values)}; {allowed(values)}"
    if err.validator == "required":
        return path, err.message.replace("is a required property", "is required here")
    if err.validator == "oneOf" and path and "facts" in path:
        return (
            path,
            "a fact needs exactly one of 'from' (derived from the registration) or 'when' (a condition)",
        )
    if err.validator == "pattern" and isinstance(err.instance, str):
        return (
            path,
            f"{err.instance!r} does not match the pattern {err.validator_value} (ids: lower-case letters, digits, _)",
        )
    return path, err.message


def schema_problems(data: Any, file: str, lines: dict) -> list[Problem]:
    out = []
    for err in _validator("pack").iter_errors(data):
        path, message = _message(err)
        out.append(Problem(file, line_of(lines, path), format_path(path), message))
    return out


def registration_problems(reg: Any, where: str = "") -> list[str]:
    """Messages (field path + what is wrong) for a screening input that does not fit the schema."""
    out = []
    for err in _validator("registration").iter_errors(reg):
        path, message = _message(err)
        out.append(f"{where}{format_path(path) or '(record)'}: {message}")
    return out
