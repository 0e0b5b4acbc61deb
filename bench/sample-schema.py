#!/usr/bin/env python3
"""Writes the schema pair of `bench/sample.sh`: OLD, a copy of
testdata/valid/ad-to-entra-cloudsync.schema.json, and NEW, the same export with four
edits to its object mapping `user -> User`:

- scope: the clause `adminDescription NOT REGEX MATCH "^User_"` gets the value
  `^(User_[0-9a-f]{32}$|Test_)`: only Cloud Sync's write-back objects ("User_" and a
  32-hex object id) stay out, users marked "User_Imported" enter the scope and test
  accounts ("Test_Account") leave it;
- DisplayName: `IIF(IsPresent([displayName]), [displayName], [cn])` becomes
  `Join(" ", Trim([givenName]), Trim([sn]))`;
- Alias: `[mailNickname]` becomes `ToLower([mailNickname])`;
- UserPrincipalName: `[userPrincipalName]` becomes
  `Replace([userPrincipalName], "@example.test", , , "@contoso.test", , )`.

Each expression is written with its tree (expression, name, type, parameters), as Graph
stores it. Everything else is left as it is, and NEW is written with the original's
indentation, so `diff OLD NEW` shows the four edits and nothing else.

    python3 bench/sample-schema.py OLD.json NEW.json
"""

import json
import os
import shutil
import sys

SCHEMA = "testdata/valid/ad-to-entra-cloudsync.schema.json"
SCOPE_CLAUSE = ("adminDescription", "NOT REGEX MATCH", "^User_")
NEW_SCOPE_VALUE = "^(User_[0-9a-f]{32}$|Test_)"


def attribute(name):
    return {"expression": f"[{name}]", "name": name, "type": "Attribute", "parameters": []}


def constant(text):
    assert '"' not in text and "\\" not in text, text
    return {"expression": f'"{text}"', "name": text, "type": "Constant", "parameters": []}


def function(name, expression, *parameters):
    """A function node; `expression` is its text, `parameters` (key, node) pairs."""
    return {"expression": expression, "name": name, "type": "Function",
            "parameters": [{"key": key, "value": value} for key, value in parameters]}


def trim(node):
    return function("Trim", f"Trim({node['expression']})", ("source", node))


def join(separator, *sources):
    text = ", ".join([separator["expression"]] + [s["expression"] for s in sources])
    return function("Join", f"Join({text})", ("separator", separator),
                    *(("source", s) for s in sources))


def to_lower(node):
    return function("ToLower", f"ToLower({node['expression']})", ("source", node))


def replace(source, find, replacement):
    """Replace's literal form: the regex, group and template slots left empty."""
    return function("Replace", f"Replace({source['expression']}, {find['expression']}, , , "
                               f"{replacement['expression']}, , )",
                    ("source", source), ("Find", find), ("Replacement", replacement))


# The three expression changes: target attribute → (old expression, new source).
EXPRESSIONS = {
    "DisplayName": ("IIF(IsPresent([displayName]), [displayName], [cn])",
                    join(constant(" "), trim(attribute("givenName")), trim(attribute("sn")))),
    "Alias": ("[mailNickname]", to_lower(attribute("mailNickname"))),
    "UserPrincipalName": ("[userPrincipalName]",
                          replace(attribute("userPrincipalName"), constant("@example.test"),
                                  constant("@contoso.test"))),
}


def indentation(text):
    """The indent of the first nested line (the exports use 2 or 4 spaces)."""
    second = text.split("\n", 2)[1]
    return len(second) - len(second.lstrip(" ")) or 2


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: python3 bench/sample-schema.py OLD.json NEW.json")
    old_path, new_path = (os.path.abspath(p) for p in sys.argv[1:])
    os.chdir(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
    with open(SCHEMA, encoding="utf-8") as f:
        text = f.read()
    schema = json.loads(text)

    mappings = [m for rule in schema["synchronizationRules"] for m in rule["objectMappings"]
                if m["name"] == "user -> User"
                or (m["sourceObjectName"], m["targetObjectName"]) == ("user", "User")]
    if len(mappings) != 1:
        sys.exit(f"{SCHEMA}: expected one object mapping user -> User, found {len(mappings)}")
    mapping = mappings[0]

    clauses = [c for group in mapping["scope"]["inputFilterGroups"] for c in group["clauses"]
               if (c["sourceOperandName"], c["operatorName"]) == SCOPE_CLAUSE[:2]
               and c["targetOperand"]["values"] == [SCOPE_CLAUSE[2]]]
    if len(clauses) != 1:
        sys.exit(f"{SCHEMA}: expected one scope clause {SCOPE_CLAUSE}, found {len(clauses)}")
    clauses[0]["targetOperand"]["values"] = [NEW_SCOPE_VALUE]

    for target, (old, new) in EXPRESSIONS.items():
        found = [a for a in mapping["attributeMappings"] if a["targetAttributeName"] == target]
        if len(found) != 1 or found[0]["source"]["expression"] != old:
            sys.exit(f"{SCHEMA}: expected {target} <- {old}")
        found[0]["source"] = new

    shutil.copyfile(SCHEMA, old_path)
    with open(new_path, "w", encoding="utf-8", newline="\n") as f:
        f.write(json.dumps(schema, indent=indentation(text), ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
