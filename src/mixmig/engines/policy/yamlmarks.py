"""Load YAML keeping the line of every value, so errors can name file and line."""

from __future__ import annotations

from typing import Any

import yaml

from mixmig.engines.policy.errors import PackError, Problem

Path = tuple[str | int, ...]


class _Loader(yaml.SafeLoader):
    """Safe loader (no Python tags) that refuses duplicate mapping keys."""


def _walk(node: yaml.Node, path: Path, lines: dict[Path, int], loader: _Loader, file: str) -> Any:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if key == "<<":
                raise PackError(
                    [
                        Problem(
                            file, key_node.start_mark.line + 1, "", "YAML merge keys (<<) are not supported"
                        )
                    ]
                )
            if key in out:
                raise PackError(
                    [
                        Problem(
                            file,
                            key_node.start_mark.line + 1,
                            _fmt(path),
                            f"key '{key}' appears twice in the same mapping",
                        )
                    ]
                )
            out[key] = _walk(value_node, (*path, key), lines, loader, file)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_walk(child, (*path, i), lines, loader, file) for i, child in enumerate(node.value)]
    return loader.construct_object(node, deep=True)


def _fmt(path: Path) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def load_yaml(text: str, file: str) -> tuple[Any, dict[Path, int]]:
    """Parse ``text``; return the data and a map from field path to 1-based line number."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise PackError(
                [Problem(file, 1, "", "the file is empty; a pack needs at least 'pack:' and rules")]
            )
        lines: dict[Path, int] = {}
        data = _walk(node, (), lines, loader, file)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise PackError([Problem(file, line, "", f"invalid YAML: {exc.problem or exc}")]) from None
    finally:
        loader.dispose()
    return data, lines


def line_of(lines: dict[Path, int], path: Path) -> int | None:
    """The line of ``path`` or of its nearest ancestor that has one."""
    p = tuple(path)
    while p:
        if p in lines:
            return lines[p]
        p = p[:-1]
    return lines.get(())


format_path = _fmt
