#!/usr/bin/env bash
# End-to-end test of `pfmulti status` (spec/postfix-facts.md §10; issue 15 item 5) with real Postfix 3.7
# masters and real queued mail, in the private namespaces of tests/e2e/sandbox.sh (a primary,
# postfix-a and postfix-c enabled, postfix-b disabled). The primary and postfix-a get pickup and
# cleanup but no qmgr, so mail posted with sendmail(1) stays in incoming; one message of each is
# put on hold with postsuper -h, and mail posted to a stopped postfix-c stays in maildrop.
# postfix-c is stopped (enabled but not running), postfix-b started directly (disabled but
# running). The judge is real `postqueue -c DIR -j`: per instance and queue, pfmulti status
# --json and --prometheus count what it lists; masters and pids are checked against /proc;
# a failing status run without a terminal names the flagged instances on stderr.
# Usage: status.sh PFMULTI_BIN. Exit 77 with "SKIPPED: why" when it cannot run here.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
. "$src/tests/lib/sandbox.sh"

pfmulti=$1
if [ -z "${PFMULTI_E2E_INNER:-}" ]; then
  require_namespace "pfmulti status end-to-end test needs root (private mount namespace)" \
    -n -p --fork --mount-proc
  root=$("$src/scripts/fetch-postfix") || skip "Debian's postfix package is not available"
  tmp=$(mktemp -d /tmp/pfmulti-status.XXXXXX)
  chmod 755 "$tmp"
  set +e
  PFMULTI_E2E_INNER=1 E2E_TMP=$tmp E2E_ROOT=$root \
    unshare -m -n -p --fork --mount-proc --propagation private bash "$0" "$@" </dev/null
  rc=$?
  set -e
  rm -rf "$tmp"
  exit "$rc"
fi

tmp=$E2E_TMP
bash "$here/sandbox.sh" "$E2E_ROOT" "$pfmulti -p --"
failures=0
fail() {
  echo "FAIL: $*"
  failures=$((failures + 1))
}
expect_eq() {
  if [ "$2" = "$3" ]; then echo "ok: $1: $2"; else fail "$1: got '$2', want '$3'"; fi
}
for d in /etc/postfix /etc/postfix-a; do
  cat >>"$d/master.cf" <<CF
pickup unix n - n 60 1 pickup
cleanup unix n - n - 0 cleanup
rewrite unix - - n - - trivial-rewrite
CF
done

postfix check
postfix start
postfix -c /etc/postfix-c stop >/dev/null 2>&1 || true
postfix -c /etc/postfix-b start
post() {  # post DIR COUNT: COUNT messages through sendmail -C DIR
  local i
  for i in $(seq "$2"); do
    printf 'Subject: status test %s\n\nbody\n' "$i" | sendmail -C "$1" -f sender@e2e.pfmulti.test rcpt@example.invalid
  done
}
post /etc/postfix 3
post /etc/postfix-a 2
post /etc/postfix-c 2
post /etc/postfix-b 1
# Wait until pickup has moved the running instances' maildrop to incoming (at most ~10 s).
for _ in $(seq 100); do
  n=$(find "$tmp/spool/postfix/maildrop" "$tmp/spool/postfix-a/maildrop" -type f | wc -l)
  [ "$n" = 0 ] && break
  sleep 0.1
done
for d in /etc/postfix /etc/postfix-a; do
  id=$(postqueue -c "$d" -j 2>/dev/null | head -n 1 | python3 -c 'import json,sys; print(json.loads(sys.stdin.read())["queue_id"])')
  postsuper -c "$d" -h "$id"
done

echo "\$ pfmulti status"
set +e
"$pfmulti" status >"$tmp/status.out" 2>"$tmp/status.err"
rc=$?
"$pfmulti" status --json >"$tmp/status.json" 2>/dev/null
"$pfmulti" status --prometheus >"$tmp/status.prom" 2>/dev/null
"$pfmulti" status --prometheus-file "$tmp/textfile.prom" >/dev/null 2>&1
set -e
sed 's/^/  /' "$tmp/status.out" "$tmp/status.err"
expect_eq "pfmulti status exit status (postfix-b and postfix-c flagged)" "$rc" 1
expect_eq "stderr names each flagged instance, one line each" "$(cut -d: -f1-3 "$tmp/status.err" | sort | tr '\n' '|')" \
  "pfmulti: error: instance postfix-b (/etc/postfix-b)|pfmulti: error: instance postfix-c (/etc/postfix-c)|"
grep -q 'postfix-b (/etc/postfix-b): disabled but running' "$tmp/status.err" || fail "postfix-b not flagged disabled-but-running"
grep -q 'postfix-c (/etc/postfix-c): enabled but not running' "$tmp/status.err" || fail "postfix-c not flagged enabled-but-not-running"
cmp -s "$tmp/status.prom" "$tmp/textfile.prom" && echo "ok: --prometheus-file holds what --prometheus prints" ||
  fail "--prometheus-file differs from --prometheus"

# The judge: real postqueue -j per instance, and the masters in /proc.
python3 - "$tmp" <<'PY' || failures=$((failures + 1))
import json, os, re, subprocess, sys
tmp = sys.argv[1]
dirs = {"/etc/postfix": "postfix", "/etc/postfix-a": "postfix-a", "/etc/postfix-b": "postfix-b",
        "/etc/postfix-c": "postfix-c"}
rows = [json.loads(l) for l in open(os.path.join(tmp, "status.json"))]
prom = open(os.path.join(tmp, "status.prom")).read()
bad = 0
def check(what, got, want):
    global bad
    if got == want:
        print(f"ok: {what}: {got}")
    else:
        print(f"FAIL: {what}: got {got!r}, want {want!r}")
        bad += 1
check("instances in status --json", [r["config_directory"] for r in rows], list(dirs))
label_name = {"/etc/postfix": "-"}
for r in rows:
    d = r["config_directory"]
    tag = dirs[d]
    out = subprocess.run(["postqueue", "-c", d, "-j"], capture_output=True, text=True)
    want = {q: 0 for q in ("maildrop", "incoming", "active", "deferred", "hold")}
    for line in out.stdout.splitlines():
        want[json.loads(line)["queue_name"]] += 1
    got = {q: r["queues"][q] for q in want}
    check(f"{tag}: queue counts = postqueue -j's", got, want)
    name = label_name.get(d, tag)
    for q, n in want.items():
        sample = f'postfix_queue_messages{{instance="{name}",config_directory="{d}",queue="{q}"}} {n}\n'
        check(f"{tag}: prometheus {q}", sample in prom, True)
    pid_file = os.path.join(tmp, "spool", tag, "pid", "master.pid")
    pid = None
    if os.path.exists(pid_file):
        p = int(open(pid_file).read().strip())
        if os.path.exists(f"/proc/{p}") and open(f"/proc/{p}/comm").read().strip() == "master":
            pid = p
    check(f"{tag}: master pid", r["master"]["pid"], pid)
    check(f"{tag}: running", r["master"]["running"], pid is not None)
    up = f'postfix_instance_up{{instance="{name}",config_directory="{d}"}} {1 if pid else 0}\n'
    check(f"{tag}: prometheus up", up in prom, True)
flags = {dirs[r["config_directory"]]: r["flags"] for r in rows}
check("flags", flags, {"postfix": [], "postfix-a": [], "postfix-b": ["disabled-running"],
                       "postfix-c": ["enabled-not-running"]})
# The test is only worth something if mail really sits in several queues.
totals = {}
for r in rows:
    for q, n in r["queues"].items():
        totals[q] = totals.get(q, 0) + (n or 0)
check("mail in incoming, hold and maildrop", all(totals[q] > 0 for q in ("incoming", "hold", "maildrop")), True)
sys.exit(1 if bad else 0)
PY

[ -z "${STATUS_DEBUG:-}" ] || { tail -n 30 "$tmp/log/maillog"; find "$tmp/spool" -type f -path "*incoming*" -exec ls -l {} +; }
postfix stop >/dev/null 2>&1 || true
postfix -c /etc/postfix-b stop >/dev/null 2>&1 || true
if [ "$failures" -ne 0 ]; then
  echo "e2e.status: $failures check(s) failed"
  exit 1
fi
echo "e2e.status: all checks passed"
