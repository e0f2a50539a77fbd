#!/usr/bin/env python3
# spec.json_wire (spec/json-wire.md, spec/rules.md R96): every conformance vector and every
# `pfmulti oracle` / `oracle --explain` output is read by Python's json module and by nlohmann-json
# (tests/json_wire/nlohmann_reprint.cc), printed back compact by each, and the two prints are the
# same bytes; pfmulti reads the print as the same byte strings as the original and prints oracle
# output back to its exact bytes. Also: the byte strings Python decodes from the wire form (plain
# text, or "\u0000base64:") are what the vector's author meant (make_vectors.py's latin-1 strings).
# Usage: check_json_wire.py SOURCE_DIR PFMULTI NLOHMANN_REPRINT
import base64
import glob
import json
import os
import subprocess
import sys
import tempfile

src, pfmulti, reprint = sys.argv[1:4]
failures = 0
checked = 0


def bytes_of(s):
    """The byte string a wire string stands for (spec/json-wire.md)."""
    if s.startswith("\0"):
        assert s.startswith("\0base64:"), s
        return base64.b64decode(s[8:], validate=True)
    return s.encode("utf-8")


def walk(v, out):
    if isinstance(v, str):
        out.append(bytes_of(v))
    elif isinstance(v, list):
        for e in v:
            walk(e, out)
    elif isinstance(v, dict):
        for k, e in v.items():
            out.append(bytes_of(k))
            walk(e, out)
    return out


def check(path, text, pfmulti_printed):
    global failures, checked
    checked += 1
    python_print = json.dumps(json.loads(text), ensure_ascii=False, separators=(",", ":"))
    args = [reprint] + (["--pfmulti-reprint"] if pfmulti_printed else []) + [path]
    out = subprocess.run(args, capture_output=True)
    if out.returncode != 0:
        print(out.stderr.decode(errors="replace"), end="")
        failures += 1
        return
    if out.stdout != python_print.encode("utf-8"):
        print(f"{path}: Python and nlohmann-json print it back differently")
        failures += 1
    walk(json.loads(text), [])  # every wire string decodes


vectors = sorted(glob.glob(os.path.join(src, "spec", "vectors", "*.in")) +
                 glob.glob(os.path.join(src, "spec", "vectors", "*.ref")))
with tempfile.TemporaryDirectory() as tmp:
    for path in vectors:
        with open(path, "rb") as f:
            text = f.read()
        check(path, text, False)
        if not path.endswith(".in"):
            continue
        for flags in ([], ["--explain"]):
            out = subprocess.run([pfmulti, "oracle"] + flags, input=text, capture_output=True)
            if out.returncode != 0:
                print(f"{path}: pfmulti oracle {flags} exited {out.returncode}")
                failures += 1
                continue
            name = os.path.join(tmp, os.path.basename(path) + "".join(flags) + ".json")
            with open(name, "wb") as f:
                f.write(out.stdout)
            check(name, out.stdout, True)

# The non-UTF-8 vector means the byte 0xff: Python decodes the wire form to exactly that.
doc = json.load(open(os.path.join(src, "spec", "vectors", "postfix-non-utf8-wrapper.ref")))
if b"/opt/\xff/wrap" not in walk(doc, []):
    print("postfix-non-utf8-wrapper.ref: Python does not read the byte 0xff back")
    failures += 1
doc = json.load(open(os.path.join(src, "spec", "vectors", "postfix-utf8-wrapper.ref")))
if "/opt/caf\u00e9/wrap".encode("utf-8") not in walk(doc, []):
    print("postfix-utf8-wrapper.ref: Python does not read U+00E9 as UTF-8")
    failures += 1
print(f"json_wire: {checked} documents, {failures} failures")
sys.exit(1 if failures else 0)
