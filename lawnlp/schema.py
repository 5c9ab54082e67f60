"""A model's label set: the four functions of ``labels.md`` and its measures, with their display names.

The default is ``labels.md``'s (:data:`DEFAULT`).  A study of one's own may add measures and rename the
functions' display names in a TOML or JSON file (``lawnlp train --schema my_labels.toml``)::

    name = "ecology study"

    [functions]           # display names only: the four function ids are fixed
    plan = "下一步工作"

    [measures]            # added after labels.md's twelve, in this order
    ecology = "生态环境执法"

>>> schema = Schema.from_dict({"measures": {"ecology": "生态环境执法"}})
>>> schema.measure_ids[-2:], schema.check_measures(["ecology", "mediation"])
(('government_services', 'ecology'), ['mediation', 'ecology'])
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Iterable

from .labels import FUNCTION_NAMES, MEASURE_NAMES, SCHEMA_VERSION

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

__all__ = ["Schema", "SchemaError", "DEFAULT", "read_schema", "as_schema"]

#: What a measure id may look like: lower-case ASCII words joined by underscores, as ``labels.md``'s.
MEASURE_ID = re.compile(r"[a-z][a-z0-9_]{0,39}")


class SchemaError(ValueError):
    """A schema file or a model's recorded schema that lawnlp cannot use; the message names the problem."""


@dataclass(frozen=True)
class Schema:
    """Function and measure ids with their display names; ids in the order models score them.

    Treat it as read-only: the id tuples are computed once.
    """

    functions: dict[str, str] = field(default_factory=lambda: dict(FUNCTION_NAMES))
    measures: dict[str, str] = field(default_factory=lambda: dict(MEASURE_NAMES))
    name: str = "labels.md"
    version: str = SCHEMA_VERSION

    @cached_property
    def function_ids(self) -> tuple[str, ...]:
        return tuple(self.functions)

    @cached_property
    def measure_ids(self) -> tuple[str, ...]:
        return tuple(self.measures)

    def measure_name(self, measure: str) -> str:
        """A measure's display name (its id where the schema has none)."""
        return self.measures.get(measure, measure)

    def function_name(self, function: str) -> str:
        """A function's display name (its id where the schema has none)."""
        return self.functions.get(function, function)

    @property
    def is_default(self) -> bool:
        """Whether this is ``labels.md``'s label set (display names aside)."""
        return self.function_ids == tuple(FUNCTION_NAMES) and self.measure_ids == tuple(MEASURE_NAMES)

    def check_function(self, label: object) -> str:
        """Return ``label`` if it is a function id, else raise ``ValueError``."""
        if label not in self.functions:
            raise ValueError(f"unknown function label {label!r}; expected one of {', '.join(self.functions)}")
        return label  # type: ignore[return-value]

    def check_measures(self, labels: object) -> list[str]:
        """Return ``labels`` in schema order if all are measure ids of this schema, else raise ``ValueError``."""
        if not isinstance(labels, (list, tuple)):
            raise ValueError(f"measures must be a list of ids, got {type(labels).__name__}")
        unknown = [m for m in labels if m not in self.measures]
        if unknown:
            where = "" if self.is_default else f" of schema {self.name!r}"
            hint = " (a measure of your own? add it in a schema file: lawnlp train --schema)" if self.is_default else ""
            raise ValueError(f"unknown measure label(s) {unknown}; expected ids{where} from "
                             f"{', '.join(self.measures)}{hint}")
        return self.ordered(labels)

    def ordered(self, measures: Iterable[str]) -> list[str]:
        """Measures in schema order."""
        chosen = set(measures)
        return [m for m in self.measures if m in chosen]

    def to_dict(self) -> dict[str, Any]:
        """The schema as JSON-ready data (what a model directory records)."""
        return {"name": self.name, "version": self.version, "functions": dict(self.functions),
                "measures": dict(self.measures)}

    @classmethod
    def from_dict(cls, data: object, where: str = "schema") -> "Schema":
        """A schema from a schema file's data: ``labels.md``'s, with ``functions`` renamed and ``measures`` added.

        ``data`` may also be a model's recorded schema (:meth:`to_dict`), which lists every measure.
        """
        if not isinstance(data, dict):
            raise SchemaError(f"{where}: expected a table (TOML) or object (JSON), got {type(data).__name__}")
        unknown = sorted(set(data) - {"name", "version", "functions", "measures"})
        if unknown:
            raise SchemaError(f"{where}: unknown key(s) {unknown}; a schema has name, functions and measures")
        functions, measures = dict(FUNCTION_NAMES), dict(MEASURE_NAMES)
        for key, table, fixed in (("functions", functions, True), ("measures", measures, False)):
            given = data.get(key, {})
            if not isinstance(given, dict):
                raise SchemaError(f"{where}: '{key}' must map ids to display names")
            for label, display in given.items():
                if not isinstance(display, str) or not display.strip():
                    raise SchemaError(f"{where}: {key[:-1]} {label!r} needs a display name (a non-empty string)")
                if fixed and label not in table:
                    raise SchemaError(f"{where}: unknown function {label!r}: the functions are fixed "
                                      f"({', '.join(FUNCTION_NAMES)}); a schema may rename them only")
                if not fixed and not MEASURE_ID.fullmatch(label):
                    raise SchemaError(f"{where}: measure id {label!r} must be lower-case letters, digits and _ "
                                      f"(at most 40, starting with a letter)")
                table[label] = display.strip()
        name = data.get("name", "labels.md" if measures == MEASURE_NAMES else "custom")
        if not isinstance(name, str) or not name.strip():
            raise SchemaError(f"{where}: 'name' must be a non-empty string")
        version = data.get("version", SCHEMA_VERSION)
        return cls(functions, measures, name.strip(), str(version))

    @classmethod
    def from_recorded(cls, data: object, where: str = "meta.json: schema") -> "Schema":
        """The schema a model directory records (:meth:`to_dict`), checked to list every label in model order:
        the four functions, then ``labels.md``'s twelve measures and the added ones (:class:`SchemaError` if not)."""
        schema = cls.from_dict(data, where)
        recorded = data  # a dict: from_dict checked it
        for key, ids in (("functions", schema.function_ids), ("measures", schema.measure_ids)):
            if list(recorded.get(key, {})) != list(ids):  # type: ignore[union-attr]
                first = "the four functions" if key == "functions" else "labels.md's twelve measures, then the added ones"
                raise SchemaError(f"{where}: '{key}' must list {first}, in order: got "
                                  f"{list(recorded.get(key, {}))}")  # type: ignore[union-attr]
        return schema


#: ``labels.md``'s label set, the default of every model.
DEFAULT = Schema()


def read_schema(path: str | Path) -> Schema:
    """Read a schema file (``.toml`` or ``.json``), with errors naming the file."""
    path = Path(path)
    if path.suffix.lower() not in (".toml", ".json"):
        raise SchemaError(f"{path}: a schema file ends in .toml or .json")
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise SchemaError(f"{path}: cannot read it ({error.strerror or error})") from None
    try:
        text = raw.decode("utf-8-sig")
        data = tomllib.loads(text) if path.suffix.lower() == ".toml" else json.loads(text, object_pairs_hook=unique_keys)
    except UnicodeDecodeError:
        raise SchemaError(f"{path}: not UTF-8") from None
    except (tomllib.TOMLDecodeError, json.JSONDecodeError, DuplicateKey) as error:
        raise SchemaError(f"{path}: not valid {path.suffix[1:].upper()} ({error})") from None
    return Schema.from_dict(data, str(path))


def as_schema(schema: "Schema | str | Path | None") -> Schema:
    """A schema given as a :class:`Schema`, a schema file's path, or ``None`` (``labels.md``'s, :data:`DEFAULT`)."""
    if schema is None:
        return DEFAULT
    if isinstance(schema, Schema):
        return schema
    if isinstance(schema, (str, Path)):
        return read_schema(schema)
    raise TypeError(f"schema must be a lawnlp.Schema or the path of a schema file, got {type(schema).__name__}")


class DuplicateKey(ValueError):
    """A JSON object that names a key twice (``json`` would keep the last silently)."""


def unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """``object_pairs_hook`` for :func:`json.loads` that refuses a key given twice (TOML refuses it itself)."""
    data: dict[str, Any] = {}
    for key, value in pairs:
        if key in data:
            raise DuplicateKey(f"key {key!r} appears twice")
        data[key] = value
    return data
