"""What a call is told when its arguments fail the tool's input schema.

The SDK answers such a call with pydantic's multi-line dump and a link to its docs, which a
model retries blindly and a person cannot act on. This turns the same failure into one
sentence: the argument, what it allows, and a call that would be accepted. It reads only
pydantic's structured errors and the input schema the tool already advertises, so a new tool
gets it without code of its own, and the schema stays the single statement of the bounds.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Mapping, Sequence
from typing import Any

from pydantic_core import ErrorDetails

from seekrflow_mcp.seekrflow.models import RESOURCE_ID_PATTERN
from seekrflow_mcp.text.sanitize import WORD_LIMIT, clean
from seekrflow_mcp.tools.arguments import ID_EXAMPLES, ID_RULE

Schema = Mapping[str, Any]

# The value has the right type but is out of bounds: the sentence states the bounds alone.
_OUT_OF_RANGE = frozenset(
    {
        "greater_than",
        "greater_than_equal",
        "less_than",
        "less_than_equal",
        "too_short",
        "too_long",
        "string_too_short",
        "string_too_long",
    }
)


def explain(tool: str, schema: Schema, errors: Sequence[ErrorDetails]) -> str:
    """One sentence for the first argument at fault, and a second naming the others, if any."""
    first_per_argument: dict[str, ErrorDetails] = {}
    for error in errors:
        first_per_argument.setdefault(str(error["loc"][0]) if error["loc"] else "", error)
    if not first_per_argument:
        return f"{tool}: the arguments are not valid, e.g. {_example_call(tool, schema, None, None)}."
    (name, error), *others = first_per_argument.items()
    sentence = _sentence(tool, schema, name, error)
    if others:
        names = ", ".join(clean(other, WORD_LIMIT) or "(unnamed)" for other, _ in others)
        verb = "is" if len(others) == 1 else "are"
        sentence += f" {len(others)} more argument{'s' if len(others) > 1 else ''} {verb} wrong too: {names}."
    return sentence


def _sentence(tool: str, schema: Schema, name: str, error: ErrorDetails) -> str:
    properties: Mapping[str, Any] = schema.get("properties", {})
    kind = error["type"]
    shown = clean(name, WORD_LIMIT) or "(unnamed)"  # the caller's text when the name is not the tool's
    if name not in properties:
        known = ", ".join(properties) or "none"
        if kind == "extra_forbidden":
            return f"{tool} has no argument {shown}; its arguments are: {known}."
        return f"{tool}: the arguments are not valid ({shown}); its arguments are: {known}."
    call = _example_call(tool, schema, name, error.get("input"))
    if kind == "missing":
        return f"{tool}: {name} is required, e.g. {call}."
    prop = _resolve(schema, properties[name])
    loc = error["loc"]
    if len(loc) > 1 and isinstance(loc[1], int) and prop.get("type") == "array":
        item = _resolve(schema, prop.get("items", {}))
        return f"{tool}: every item of {name} must be {_rule(item, kind, schema)}, e.g. {call}."
    return f"{tool}: {name} must be {_rule(prop, kind, schema)}, e.g. {call}."


def _rule(prop: Schema, kind: str, schema: Schema) -> str:
    """What `prop` allows, in words; without the type when only the bounds were broken."""
    typed = kind not in _OUT_OF_RANGE
    if "enum" in prop:
        return "one of " + _choices(prop["enum"])
    if "const" in prop:
        return json.dumps(prop["const"])
    if prop.get("pattern") == RESOURCE_ID_PATTERN:
        return ID_RULE  # its length is part of the rule, so a too-long id is told what an id is
    match prop.get("type"):
        case "boolean":
            return "true or false"
        case "integer" | "number" as kind_of_number:
            bounds = _number_bounds(prop)
            noun = "a whole number" if kind_of_number == "integer" else "a number"
            if typed or not bounds:
                return f"{noun} {bounds}".rstrip()
            return bounds
        case "string":
            size = _count(prop.get("minLength"), prop.get("maxLength"))
            if not size:
                return "text"
            return f"text of {size} characters" if typed else f"{size} characters long"
        case "array":
            size = _count(prop.get("minItems"), prop.get("maxItems"))
            items = _resolve(schema, prop.get("items", {}))
            each = f", each one of {_choices(items['enum'])}" if "enum" in items else ""
            if not typed and size:
                return f"a list of {size} items"
            return f"a list of {size + ' ' if size else ''}items{each}"
        case "object":
            return "an object"
    return "a valid value"


def _number_bounds(prop: Schema) -> str:
    low, high = prop.get("minimum"), prop.get("maximum")
    if low is not None and high is not None:
        return f"between {low} and {high}"
    parts = []
    if low is not None:
        parts.append(f"at least {low}")
    if prop.get("exclusiveMinimum") is not None:
        parts.append(f"greater than {prop['exclusiveMinimum']}")
    if high is not None:
        parts.append(f"at most {high}")
    if prop.get("exclusiveMaximum") is not None:
        parts.append(f"less than {prop['exclusiveMaximum']}")
    return " and ".join(parts)


def _count(low: int | None, high: int | None) -> str:
    if low is not None and high is not None:
        return f"{low} to {high}"
    if low is not None:
        return f"at least {low}"
    return f"at most {high}" if high is not None else ""


def _choices(values: Sequence[Any]) -> str:
    shown = [json.dumps(v) for v in values]
    return shown[0] if len(shown) == 1 else f"{', '.join(shown[:-1])} or {shown[-1]}"


def _example_call(tool: str, schema: Schema, name: str | None, rejected: Any) -> str:
    """The required arguments, then the one at fault, each with a value the schema accepts."""
    properties: Mapping[str, Any] = schema.get("properties", {})
    required = [arg for arg in properties if arg in schema.get("required", ())]
    shown = required + ([name] if name is not None and name in properties and name not in required else [])
    parts = []
    for arg in shown:
        value = _example(arg, _resolve(schema, properties[arg]), schema, rejected if arg == name else None)
        parts.append(f"{arg}={json.dumps(value)}")
    return f"{tool}({', '.join(parts)})"


def _example(name: str, prop: Schema, schema: Schema, rejected: Any) -> Any:
    """The member closest to what was sent, else the default, else a realistic id, else the
    smallest value the schema allows."""
    if prop.get("examples"):
        return prop["examples"][0]
    if "enum" in prop:
        words = [v for v in prop["enum"] if isinstance(v, str)]
        near = difflib.get_close_matches(rejected, words, n=1) if isinstance(rejected, str) else []
        if near:
            return near[0]
        return prop["default"] if prop.get("default") in prop["enum"] else prop["enum"][0]
    if prop.get("default") is not None:
        return prop["default"]
    for ending, example in ID_EXAMPLES.items():
        if name.endswith(ending):
            return example
    match prop.get("type"):
        case "array":
            item = _resolve(schema, prop.get("items", {}))
            # A list's first word, or one value sent where a list was due: what to come near.
            sent = next((v for v in rejected if isinstance(v, str)), None) if isinstance(rejected, list) else rejected
            return [_example(name.removesuffix("s"), item, schema, sent)]
        case "integer" | "number":
            return prop.get("minimum", 1)
        case "boolean":
            return True
        case "string":
            return name.split("_")[0]
    return None


def _resolve(schema: Schema, prop: Schema) -> Schema:
    """`prop` without its `$ref` and its `null` alternative: what a value must be when it is given."""
    if "$ref" in prop:
        target = str(prop["$ref"]).rsplit("/", 1)[-1]
        return _resolve(schema, schema.get("$defs", {}).get(target, {}))
    alternatives = [a for a in prop.get("anyOf", ()) if a.get("type") != "null"]
    if len(alternatives) == 1:
        # Constraints may sit beside `anyOf` (pydantic puts an Optional's description there).
        merged = {k: v for k, v in prop.items() if k != "anyOf"}
        return {**merged, **_resolve(schema, alternatives[0])}
    return prop
