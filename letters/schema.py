"""Every data file is checked against its JSON Schema in letters/schema/ when it is read.

JSON Schema, not hand-written checks, so that editors autocomplete and validate the same files
(each file names its schema in a `# yaml-language-server: $schema=…` first line) and the rules
live in one place. A problem is reported as one line naming the file, the line and the key:
`letters/rules/reminder/rules.yml:42: rules[0].checks[0]: unknown key 'require_by_scenaro'`.
"""

from __future__ import annotations

import functools
import hashlib
import json
import pickle
from pathlib import Path
from typing import Any

import fastjsonschema
import jsonschema
import yaml

from letters.data import HERE, SAFE_LOADER, InputError, decode, read_bytes

SCHEMA_DIR = HERE / "schema"


@functools.cache
def _validator(name: str) -> jsonschema.protocols.Validator:
    # The schemas are part of the package, not data a build reads anew: caching them is safe.
    # That each schema is itself valid is a test (tests/test_rules.py), not start-up work:
    # checking it against the meta-schema took a tenth of a `letters check`.
    schema = json.loads((SCHEMA_DIR / f"{name}.schema.json").read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    if _self_contained(schema):
        cls = jsonschema.validators.extend(cls, {"$ref": _resolved_once()})
    return cls(schema)


def _self_contained(schema) -> bool:
    """Every `$ref` points inside the schema ("#/…") and only the root has an `$id`: then a
    reference means the same wherever it appears, and can be resolved once."""

    def walk(node, root: bool) -> bool:
        if isinstance(node, dict):
            if not root and "$id" in node:
                return False
            ref = node.get("$ref")
            if ref is not None and not (isinstance(ref, str) and ref.startswith("#")):
                return False
            return all(walk(value, False) for value in node.values())
        if isinstance(node, list):
            return all(walk(value, False) for value in node)
        return True

    return walk(schema, True)


def _resolved_once():
    """jsonschema's `$ref`, with each reference looked up once per schema instead of at every
    use (the lookups were most of the time spent validating the rule files)."""
    resolved: dict[str, Any] = {}

    def ref(validator, reference, instance, schema):
        target = resolved.get(reference)
        if target is None:
            target = resolved[reference] = validator._resolver.lookup(reference)
        yield from validator.descend(instance, target.contents, resolver=target.resolver)

    return ref


def _yaml_error(path: Path, error: yaml.YAMLError) -> InputError:
    mark = getattr(error, "problem_mark", None)
    where = f":{mark.line + 1}" if mark else ""
    reason = getattr(error, "problem", None) or "invalid YAML"
    column = f" (column {mark.column + 1})" if mark else ""
    return InputError(f"{path}{where}", f"malformed YAML{column}: {reason}")


# (schema, SHA-256 of a file's text) of every text that passed: validating is a pure function of
# the text, so a text seen before need not be validated again, in this build or a later one
# (under `mkdocs serve` only edited files are validated again). Parsing is cached the same way.
_VALID: set[tuple[str, str]] = set()


def parse(path: Path) -> Any:
    """Parse a YAML file without validating it (see `load`); malformed YAML is an InputError."""
    return _parse(path, decode(path, read_bytes(path)))


def _parse(path: Path, text: str) -> Any:
    try:
        return pickle.loads(_parsed(text))
    except yaml.YAMLError as error:
        raise _yaml_error(path, error) from None


@functools.lru_cache(maxsize=512)
def _parsed(text: str) -> bytes:
    """A text's data, pickled: parsing is a pure function of the text, and every caller unpickles
    its own copy, so no caller can change the data another one reads."""
    return pickle.dumps(yaml.load(text, Loader=SAFE_LOADER))


def load(path: Path, schema: str) -> Any:
    """Parse a YAML file and validate it; every problem becomes one InputError with its line."""
    text = decode(path, read_bytes(path))
    data = _parse(path, text)
    key = (schema, hashlib.sha256(text.encode("utf-8")).hexdigest())
    if key not in _VALID:
        # The node tree (for line numbers) is composed only when there is an error to place.
        validate(data, lambda: yaml.compose(text, Loader=SAFE_LOADER), path, schema)
        _VALID.add(key)
    return data


@functools.cache
def _passes(name: str):
    """The schema compiled to Python by fastjsonschema: a file that passes is done with in a
    tenth of jsonschema's time. fastjsonschema reads draft 7; the schemas use only keywords that
    mean the same there (tests/test_rules.py keeps them so)."""
    schema = json.loads((SCHEMA_DIR / f"{name}.schema.json").read_text(encoding="utf-8"))
    return fastjsonschema.compile({**schema, "$schema": "http://json-schema.org/draft-07/schema#"})


def validate(data: Any, node, path: Path, schema: str) -> None:
    """Raise an InputError for the first problem; `node` is the YAML node tree, or a function
    that composes it (only needed to place an error)."""
    try:
        _passes(schema)(data)
        return
    except fastjsonschema.JsonSchemaException:
        pass  # jsonschema finds the problem again, with the path that places it
    errors = [_most_specific(e) for e in _validator(schema).iter_errors(data)]
    if not errors:
        return
    if callable(node):
        node = node()
    # A misspelled key also leaves a required one missing: name the misspelling, it is the cause.
    errors.sort(key=lambda e: (PRIORITY.get(e.validator, 1), list(map(str, e.absolute_path))))
    error = errors[0]
    where_path = list(error.absolute_path)
    if error.validator == "additionalProperties":
        where_path.append(_unknown_keys(error)[0])
    line = _line(node, where_path)
    raise InputError(f"{path}:{line}", f"{_path_text(list(error.absolute_path))}{_message(error)}")


PRIORITY = {"additionalProperties": 0, "required": 2}


def _most_specific(error):
    """Of a oneOf/anyOf failure, the sub-error that got furthest into the data."""
    while error.context:
        error = max(
            error.context, key=lambda e: (len(e.absolute_path), -e.relative_schema_path.__len__())
        )
    return error


def _unknown_keys(error) -> list[str]:
    known = set(error.schema.get("properties", {}))
    return sorted(key for key in error.instance if key not in known) or [""]


def _message(error) -> str:
    if error.validator == "additionalProperties":
        allowed = ", ".join(error.schema.get("properties", {}))
        unknown = _unknown_keys(error)[0]
        return f"unknown key {unknown!r}" + (f" (allowed: {allowed})" if allowed else "")
    if error.validator == "required":
        return error.message.replace("is a required property", "is missing")
    if error.validator == "enum":
        return f"{error.instance!r} is not one of {', '.join(map(str, error.validator_value))}"
    return error.message


def _path_text(path: list) -> str:
    if not path:
        return ""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text + ": "


def _line(node, path: list) -> int:
    """The line of the deepest node the path reaches (the key's line for a mapping entry)."""
    line = node.start_mark.line + 1 if node is not None else 1
    for part in path:
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if key.value == str(part) or key.value == part:
                    line = key.start_mark.line + 1
                    node = value
                    break
            else:
                return line
        elif (
            isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value)
        ):
            node = node.value[part]
            line = node.start_mark.line + 1
        else:
            return line
    return line
