"""A small JSON Schema validator for ``gainlp/data/standard.schema.json`` (no dependency).

Covers the keywords that schema uses: ``type`` (one or a list), ``enum``, ``const``,
``properties``, ``required``, ``additionalProperties`` (bool or schema), ``propertyNames``,
``items``, ``minItems``, ``maxItems``, ``minimum``, ``pattern``, ``anyOf`` and local ``$ref``
(``#/$defs/…``). Anything else is ignored. ``jsonschema`` gives the same answers where it is
installed; this keeps the package free of it.
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources
from typing import Any


@lru_cache(maxsize=1)
def load_schema() -> dict:
    text = resources.files("gainlp").joinpath("data/standard.schema.json").read_text(encoding="utf-8")
    return json.loads(text)


def _is_type(x: Any, t: str) -> bool:
    if t == "null":
        return x is None
    if t == "boolean":
        return isinstance(x, bool)
    if t == "integer":
        return isinstance(x, int) and not isinstance(x, bool)
    if t == "number":
        return isinstance(x, (int, float)) and not isinstance(x, bool)
    if t == "string":
        return isinstance(x, str)
    if t == "array":
        return isinstance(x, list)
    if t == "object":
        return isinstance(x, dict)
    raise ValueError(f"unknown type {t!r}")


def errors(instance: Any, schema: dict | None = None, *, root: dict | None = None,
           path: str = "$", limit: int = 50) -> list[str]:
    """Every violation found (up to ``limit``), as ``"$.path: message"`` strings."""
    root = root if root is not None else (schema if schema is not None else load_schema())
    schema = schema if schema is not None else root
    out: list[str] = []
    _check(instance, schema, root, path, out, limit)
    return out


def validate(instance: Any, schema: dict | None = None) -> None:
    """Raise ``ValueError`` listing the violations, if any."""
    errs = errors(instance, schema)
    if errs:
        raise ValueError("; ".join(errs[:10]))


def _resolve(ref: str, root: dict) -> dict:
    if not ref.startswith("#/"):
        raise ValueError(f"only local $ref supported, not {ref!r}")
    node: Any = root
    for part in ref[2:].split("/"):
        node = node[part]
    return node


def _check(x: Any, s: dict, root: dict, path: str, out: list[str], limit: int) -> None:
    if len(out) >= limit:
        return
    if "$ref" in s:
        _check(x, _resolve(s["$ref"], root), root, path, out, limit)
    if "anyOf" in s:
        if not any(not errors(x, sub, root=root, path=path, limit=1) for sub in s["anyOf"]):
            sub_errs = [errors(x, sub, root=root, path=path, limit=3) for sub in s["anyOf"]]
            best = min(sub_errs, key=len)
            out.append(f"{path}: matches none of anyOf ({'; '.join(best)})")
    if "type" in s:
        types = s["type"] if isinstance(s["type"], list) else [s["type"]]
        if not any(_is_type(x, t) for t in types):
            out.append(f"{path}: {type(x).__name__} is not {'/'.join(types)}")
            return
    if "enum" in s and x not in s["enum"]:
        out.append(f"{path}: {x!r} not in {s['enum']}")
    if "const" in s and x != s["const"]:
        out.append(f"{path}: {x!r} is not {s['const']!r}")
    if isinstance(x, (int, float)) and not isinstance(x, bool) and "minimum" in s and x < s["minimum"]:
        out.append(f"{path}: {x} < {s['minimum']}")
    if isinstance(x, str) and "pattern" in s and not re.search(s["pattern"], x):
        out.append(f"{path}: {x!r} does not match {s['pattern']!r}")
    if isinstance(x, dict):
        props = s.get("properties", {})
        for k in s.get("required", []):
            if k not in x:
                out.append(f"{path}: missing required {k!r}")
        if "propertyNames" in s:
            for k in x:
                _check(k, s["propertyNames"], root, f"{path}[key {k!r}]", out, limit)
        for k, v in x.items():
            if k in props:
                _check(v, props[k], root, f"{path}.{k}", out, limit)
            elif s.get("additionalProperties") is False:
                out.append(f"{path}: unexpected property {k!r}")
            elif isinstance(s.get("additionalProperties"), dict):
                _check(v, s["additionalProperties"], root, f"{path}.{k}", out, limit)
    if isinstance(x, list):
        if "minItems" in s and len(x) < s["minItems"]:
            out.append(f"{path}: fewer than {s['minItems']} items")
        if "maxItems" in s and len(x) > s["maxItems"]:
            out.append(f"{path}: more than {s['maxItems']} items")
        if "items" in s:
            for i, v in enumerate(x):
                _check(v, s["items"], root, f"{path}[{i}]", out, limit)
