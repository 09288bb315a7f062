"""Validates YAML content files against vanban's JSON Schema, reading YAML as editors do.

Usage: validate.py SCHEMA.json FILE.yaml...  Prints "valid FILE" or "invalid FILE: PATH: why"
for each file; exits 0 when all are valid, 1 when one is not, 2 when it cannot run.

PyYAML follows YAML 1.1, where 2024-01-05 is a date and `yes` a boolean; editors (the YAML
language server) and vanban follow YAML 1.2's core schema, where they are strings. The loader
here resolves only the core schema's null, bool, int and float, so the schema is judged on what
a clerk wrote.
"""
import json
import re
import sys

import jsonschema
import yaml


class CoreSchemaLoader(yaml.SafeLoader):
    """SafeLoader with YAML 1.2 core-schema scalars."""


CoreSchemaLoader.yaml_implicit_resolvers = {}
CORE_RESOLVERS = [
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", "~nN"),
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("tag:yaml.org,2002:int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", "-+0123456789"),
    ("tag:yaml.org,2002:float",
     r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
     r"|[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$", "-+.0123456789"),
]
for tag, pattern, first in CORE_RESOLVERS:
    # The null resolver also answers the empty value ("so:" left blank).
    starts = list(first) + ([""] if tag.endswith(":null") else [])
    CoreSchemaLoader.add_implicit_resolver(tag, re.compile(pattern), starts)


def main(argv):
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    with open(argv[1], encoding="utf-8") as f:
        schema = json.load(f)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    status = 0
    for path in argv[2:]:
        with open(path, encoding="utf-8") as f:
            document = yaml.load(f, Loader=CoreSchemaLoader)
        errors = sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
        if not errors:
            print(f"valid {path}")
            continue
        status = 1
        for error in errors:
            # Inside anyOf (a block is a text or a mapping), the alternative that came closest.
            error = jsonschema.exceptions.best_match([error])
            where = "/".join(str(p) for p in error.absolute_path) or "(document)"
            print(f"invalid {path}: {where}: {error.message}")
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv))
