"""Helpers for the CLI tests: run a command and capture its output and exit code."""

from __future__ import annotations

import re
from io import StringIO
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core.management import CommandError, call_command

DOCS = Path(__file__).resolve().parents[2] / "docs"


@pytest.fixture
def run():
    def _run(*args, **options) -> SimpleNamespace:
        out, err = StringIO(), StringIO()
        code = 0
        try:
            call_command(*args, stdout=out, stderr=err, **options)
        except CommandError as exc:
            code = exc.returncode
            err.write(str(exc))
        return SimpleNamespace(code=code, out=out.getvalue(), err=err.getvalue())

    return _run


def example_csv() -> str:
    """The example file shown in docs/import-format.md (between the example markers)."""
    text = (DOCS / "import-format.md").read_text(encoding="utf-8")
    match = re.search(r"<!-- example:start -->\s*```csv\n(.*?)```\s*<!-- example:end -->", text, re.S)
    assert match, "docs/import-format.md must contain the example between <!-- example:start/end --> markers"
    return match.group(1)


@pytest.fixture
def example_text() -> str:
    return example_csv()


@pytest.fixture
def docs_dir() -> Path:
    return DOCS


@pytest.fixture
def example_file(tmp_path) -> Path:
    path = tmp_path / "registrations.csv"
    path.write_text(example_csv(), encoding="utf-8")
    return path
