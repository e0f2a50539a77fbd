#!/usr/bin/env python3
# Validates the conformance vectors against spec/scenario.schema.json and spec/plan.schema.json,
# the output of `pfmulti oracle` and `oracle --explain` for every vector against the plan schema,
# and the REAL output of every other JSON-producing mode of the binary, run on a small
# multi-instance tree made here (a primary, an enabled and a disabled secondary; a `postfix`
# stand-in that prints to its stdout and its stderr, then exits 0 or 1): `-l -j` and `--json -l`
# (spec/list.schema.json), dry-run and run lines of -p, -x, wrapper mode and --parallel runs,
# successful and failing, with children that print on both streams (spec/run.schema.json; what
# they printed must be in their records, spec/rules.md R180), `status --json`
# (spec/status.schema.json), `systemd-units --json` (spec/systemd-units.schema.json), `lint --json` (spec/lint.schema.json), `-e ... --json`, dry run
# and real (spec/lifecycle.schema.json), `apply --export` and `apply --json` (spec/apply.schema.json,
# spec/apply-result.schema.json) (ctest spec.schemas). Every stdout line must parse and
# validate, and each schema must have been exercised. Exit 77 (SKIPPED, said loudly) without python3-jsonschema.
# Usage: tests/validate_schemas.py SOURCE_DIR PFMULTI_BINARY
import glob
import json
import os
import subprocess
import sys
import tempfile

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
    for flags in ([], ["--explain"]):
        out = subprocess.run([pfmulti, "oracle"] + flags, input=raw, capture_output=True)
        if out.returncode != 0:
            print(f"{name}: pfmulti oracle {flags} exited {out.returncode}: "
                  f"{out.stderr.decode(errors='replace')}")
            failures += 1
            continue
        checks.append((plan_v, json.loads(out.stdout), f"{name} (oracle {' '.join(flags)})"))
    for validator, doc, what in checks:
        for err in validator.iter_errors(doc):
            print(f"{what}: {err.message} at {list(err.absolute_path)}")
            failures += 1

def validator(name):
    schema = json.load(open(os.path.join(src, "spec", name + ".schema.json")))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


list_v, run_v, status_v = validator("list"), validator("run"), validator("status")
units_v = validator("systemd-units")
lint_v, lifecycle_v = validator("lint"), validator("lifecycle")
lines_checked = {"list": 0, "run": 0, "status": 0, "lint": 0, "lifecycle": 0, "systemd-units": 0,
                 "apply": 0, "apply-result": 0}
apply_v, result_v = validator("apply"), validator("apply-result")


def check_lines(args, v, kind, want_status=None, program=None, env=None, printed=None):
    """printed: (stdout, stderr) texts that each run record of a started child must hold.
    Returns the parsed lines."""
    global failures
    docs = []
    out = subprocess.run([program or pfmulti] + args, capture_output=True, env=env)
    what = "pfmulti " + " ".join(args)
    if want_status is not None and out.returncode != want_status:
        print(f"{what}: exit {out.returncode}, want {want_status}: {out.stderr.decode(errors='replace')}")
        failures += 1
    text = out.stdout.decode("utf-8")
    if not text:
        print(f"{what}: no output")
        failures += 1
    for line in text.splitlines():
        try:
            doc = json.loads(line)
        except ValueError as e:
            print(f"{what}: not JSON ({e}): {line}")
            failures += 1
            continue
        lines_checked[kind] += 1
        docs.append(doc)
        for err in v.iter_errors(doc):
            print(f"{what}: {err.message} at {list(err.absolute_path)}: {line}")
            failures += 1
        if printed and doc.get("op") == "run" and "exit_status" in doc and "error" not in doc:
            want = (printed[0] % doc["config_directory"], printed[1] % doc["config_directory"])
            if doc.get("reason", "").startswith("start on a disabled"):  # the wrapper runs check
                want = tuple(w.replace(" start\n", " check\n") for w in want)
            if doc["config_directory"].endswith("/a") and doc["name"] != "postfix-a":
                print(f"{what}: instance a is not named postfix-a: {line}")
                failures += 1
            if (doc.get("stdout"), doc.get("stderr")) != want:
                print(f"{what}: the child's output is not in its record, want {want}: {line}")
                failures += 1
    return docs


with tempfile.TemporaryDirectory() as tmp:
    for d in ("sbin", "libexec", "lib", "p", "a", "b"):
        os.makedirs(os.path.join(tmp, d))
    stub = os.path.join(tmp, "sbin", "postfix")
    with open(stub, "w") as f:
        f.write("#!/bin/sh\nfor a; do last=$a; done\ndir=$MAIL_CONFIG\n"
                "[ \"$1\" = -c ] && dir=$2\necho \"out $dir $last\"\n"
                "echo \"err $dir $last\" >&2\nprintf 'no newline'\n"
                "[ \"$last\" = fail ] && exit 1\nexit 0\n")
    os.chmod(stub, 0o755)
    with open(os.path.join(tmp, "p", "main.cf"), "w") as f:
        f.write(f"command_directory = {tmp}/sbin\ndaemon_directory = {tmp}/libexec\n"
                f"shlib_directory = {tmp}/lib\nmeta_directory = {tmp}/p\n"
                f"queue_directory = {tmp}/q/p\ndata_directory = {tmp}/d/p\n"
                f"multi_instance_enable = yes\nmulti_instance_directories = {tmp}/a {tmp}/b\n")
    for n, enable in (("a", "yes"), ("b", "no")):
        with open(os.path.join(tmp, n, "main.cf"), "w") as f:
            f.write(f"queue_directory = {tmp}/q/{n}\ndata_directory = {tmp}/d/{n}\n"
                    f"multi_instance_name = postfix-{n}\nmulti_instance_group = mta\n"
                    f"multi_instance_enable = {enable}\n")
    for q in ("maildrop", "incoming", "active", "deferred", "hold", "corrupt", "pid"):
        os.makedirs(os.path.join(tmp, "q", "a", q))
    c = ["-c", os.path.join(tmp, "p")]
    check_lines(c + ["-l", "-j"], list_v, "list", 0)
    check_lines(c + ["--json", "-l"], list_v, "list", 0)
    check_lines(c + ["-n", "--json", "-p", "start"], run_v, "run", 0)
    check_lines(c + ["-n", "--json", "-p", "stop"], run_v, "run", 0)
    check_lines(c + ["-n", "--json", "-x", "true"], run_v, "run", 0)
    both = ("out %s status\nno newline\n", "err %s status\n")
    check_lines(c + ["--json", "-p", "status"], run_v, "run", 0, printed=both)
    check_lines(c + ["--json", "--parallel", "2", "-p", "status"], run_v, "run", 0, printed=both)
    check_lines(c + ["--json", "--tag", "-p", "status"], run_v, "run", 0, printed=both)
    check_lines(c + ["--json", "-p", "fail"], run_v, "run", 1,
                printed=("out %s fail\nno newline\n", "err %s fail\n"))
    check_lines(c + ["--json", "-x", stub, "x"], run_v, "run", 0,
                printed=("out %s x\nno newline\n", "err %s x\n"))
    wrapper = os.path.join(tmp, "postfix-wrapper")
    os.symlink(os.path.abspath(pfmulti), wrapper)
    wenv = {"PATH": "/usr/bin:/bin", "command_directory": os.path.join(tmp, "sbin"),
            "daemon_directory": os.path.join(tmp, "libexec"),
            "config_directory": os.path.join(tmp, "p"), "MAIL_CONFIG": os.path.join(tmp, "p")}
    check_lines(["--json", "start"], run_v, "run", 0, program=wrapper, env=wenv,
                printed=("out %s start\nno newline\n", "err %s start\n"))
    check_lines(["--json", "--parallel", "3", "stop"], run_v, "run", 0, program=wrapper, env=wenv,
                printed=("out %s stop\nno newline\n", "err %s stop\n"))
    check_lines(c + ["--json", "-x", "/bin/false"], run_v, "run", 1)
    check_lines(c + ["--json", "-x", os.path.join(tmp, "no-such-program")], run_v, "run", 1)
    check_lines(c + ["--json", "-i", "nosuch", "-p", "start"], run_v, "run", 1)
    check_lines(["status"] + c + ["--json"], status_v, "status", 1)
    check_lines(["systemd-units"] + c + ["--json"], units_v, "systemd-units", 0)
    check_lines(["status"] + c + ["--json", "-g", "mta"], status_v, "status", 1)
    lint = check_lines(["lint"] + c + ["--json"], lint_v, "lint", 1)
    if not any(d.get("name") == "postfix-a" for d in lint):
        print(f"lint --json: no finding names instance postfix-a: {lint}")
        failures += 1
    e = c + ["--json", "-e"]
    check_lines(c + ["-n", "--json", "-e", "create", "-I", "postfix-c"], lifecycle_v, "lifecycle", 1)
    check_lines(c + ["-n", "--json", "-e", "init"], lifecycle_v, "lifecycle", 0)
    check_lines(e + ["init"], lifecycle_v, "lifecycle", 0)
    check_lines(c + ["-n", "--json", "-e", "disable", "-i", "postfix-a"], lifecycle_v, "lifecycle", 0)
    check_lines(e + ["disable", "-i", "postfix-a"], lifecycle_v, "lifecycle", 0)
    check_lines(e + ["enable", "-i", "postfix-b"], lifecycle_v, "lifecycle", 0)
    for proto in ("main.cf.proto", "master.cf.proto"):
        with open(os.path.join(tmp, "p", proto), "w") as f:
            f.write("# prototype\n")
    new = ["-I", "postfix-c", "-G", "mta", f"config_directory={tmp}/c",
           f"queue_directory={tmp}/q/c", f"data_directory={tmp}/d/c"]
    check_lines(c + ["-n", "--json", "-e", "create"] + new, lifecycle_v, "lifecycle", 0)
    # create runs `postfix -c DIR set-permissions`: the stub's lines must not reach stdout
    made = check_lines(e + ["create"] + new, lifecycle_v, "lifecycle", 0)
    if made and made[-1]["summary"].get("name") != "postfix-c":
        print(f"-e create --json: the summary does not name postfix-c: {made}")
        failures += 1
    check_lines(e + ["disable", "-i", "nosuch"], lifecycle_v, "lifecycle", 1)
    # pfmulti apply (issue 18): the export and the docs' example against apply.schema.json, then
    # the real results of a dry run, a run, a second run and a refused document.
    out = subprocess.run([pfmulti, "apply"] + c + ["--export"], capture_output=True)
    exported = json.loads(out.stdout) if out.returncode == 0 else None
    if exported is None:
        print(f"pfmulti apply --export: exit {out.returncode}: {out.stderr.decode(errors='replace')}")
        failures += 1
    else:
        for doc, what in ((exported, "apply --export"),
                          (json.load(open(os.path.join(src, "docs", "apply-example.json"))),
                           "docs/apply-example.json")):
            lines_checked["apply"] += 1
            for err in apply_v.iter_errors(doc):
                print(f"{what}: {err.message} at {list(err.absolute_path)}")
                failures += 1
        exported["instances"][1]["enabled"] = True
        exported["instances"][1]["settings"] = {"inet_interfaces": "loopback-only"}
        doc_path = os.path.join(tmp, "doc.json")
        with open(doc_path, "w") as f:
            json.dump(exported, f)
        check_lines(["apply"] + c + ["-n", "--json", "--diff", doc_path], result_v, "apply-result", 0)
        check_lines(["apply"] + c + ["--json", doc_path], result_v, "apply-result", 0)
        check_lines(["apply"] + c + ["--json", doc_path], result_v, "apply-result", 0)
        with open(doc_path, "w") as f:
            f.write('{"version": 1, "instances": [{"name": "x"}]}')
        check_lines(["apply"] + c + ["--json", doc_path], result_v, "apply-result", 1)
for kind, n in lines_checked.items():
    if n == 0:
        print(f"no real output was checked against spec/{kind}.schema.json")
        failures += 1
print(f"validate_schemas: {len(inputs)} vectors, real lines {lines_checked}, {failures} failures")
sys.exit(1 if failures else 0)
