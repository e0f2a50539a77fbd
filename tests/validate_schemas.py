#!/usr/bin/env python3
# Validates the conformance vectors against spec/scenario.schema.json and spec/plan.schema.json,
# and the output of `pfmulti oracle --explain` for every vector against the plan schema
# (ctest spec.schemas). Exit 77 (SKIPPED, said loudly) without python3-jsonschema.
# Usage: tests/validate_schemas.py SOURCE_DIR PFMULTI_BINARY
import glob
import json
import os
import subprocess
import sys

try:
    import jsonschema
except ImportError:
    print("SKIPPED: python3-jsonschema is not installed (Debian package python3-jsonschema)")
    sys.exit(77)

src, pfmulti = sys.argv[1], sys.argv[2]
plan_schema = json.load(open(os.path.join(src, "spec", "plan.schema.json")))
scenario_schema = json.load(open(os.path.join(src, "spec", "scenario.schema.json")))
jsonschema.Draft202012Validator.check_schema(plan_schema)
jsonschema.Draft202012Validator.check_schema(scenario_schema)
plan_v = jsonschema.Draft202012Validator(plan_schema)
scenario_v = jsonschema.Draft202012Validator(scenario_schema)

failures = 0
inputs = sorted(glob.glob(os.path.join(src, "spec", "vectors", "*.in")))
for path in inputs:
    name = os.path.basename(path)[:-3]
    with open(path, "rb") as f:
        raw = f.read()
    checks = [(scenario_v, json.loads(raw), name + ".in"),
              (plan_v, json.load(open(path[:-3] + ".ref")), name + ".ref")]
    out = subprocess.run([pfmulti, "oracle", "--explain"], input=raw, capture_output=True)
    if out.returncode != 0:
        print(f"{name}: pfmulti oracle exited {out.returncode}: {out.stderr.decode(errors='replace')}")
        failures += 1
        continue
    checks.append((plan_v, json.loads(out.stdout), name + " (oracle --explain)"))
    for validator, doc, what in checks:
        for err in validator.iter_errors(doc):
            print(f"{what}: {err.message} at {list(err.absolute_path)}")
            failures += 1
print(f"validate_schemas: {len(inputs)} vectors, {failures} failures")
sys.exit(1 if failures else 0)
