#!/usr/bin/env bash
# End-to-end test of `pfmulti apply` (issue 18 item 2; docs/apply.md) against real Postfix 3.7
# in a private mount namespace (tests/e2e/apply_sandbox.sh: a primary not yet set up). Real
# programs are the judge: after each apply, real `postmulti -l` must list exactly the document's
# instances (and agree with `pfmulti -l`), real `postconf -c DIR -h` must read back every
# setting, real `postfix -c DIR check` must pass on what create made (real set-permissions ran).
# Then: a second apply reports no change (exit 0, "changed": false); apply of the export with
# --prune changes nothing; a document without an instance, with --prune, deports it (its files
# stay); a bad document and a damaged host fail with one line and leave the tree unchanged.
# Usage: apply.sh PFMULTI_BIN. Exit 77 with "SKIPPED: why" when it cannot run here.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
. "$src/tests/lib/sandbox.sh"
pfmulti=$1
if [ -z "${PFMULTI_E2E_INNER:-}" ]; then
  require_namespace "pfmulti apply end-to-end test needs root (private mount namespace)"
  root=$("$src/scripts/fetch-postfix") || skip "Debian's postfix package is not available"
  tmp=$(mktemp -d /tmp/pfmulti-apply.XXXXXX)
  chmod 755 "$tmp"
  set +e
  PFMULTI_E2E_INNER=1 E2E_TMP=$tmp E2E_ROOT=$root \
    unshare -m --propagation private bash "$0" "$@" </dev/null
  rc=$?
  set -e
  rm -rf "$tmp"
  exit "$rc"
fi
. "$here/apply_sandbox.sh"

doc() {  # doc FILE JSON-INSTANCES
  printf '{"version": 1, "instances": [%s]}\n' "$2" >"$1"
}
out_json='{"name": "postfix-out", "group": "mta", "enabled": true, "config_directory": "/etc/postfix-out",
  "settings": {"inet_interfaces": "127.0.0.1", "smtpd_banner": "$myhostname ESMTP  apply test"}}'
outbound_json='{"name": "postfix-outbound", "config_directory": "/etc/postfix-outbound",
  "queue_directory": "'$tmp'/spool/postfix-outbound", "data_directory": "'$tmp'/lib/postfix-outbound"}'
doc "$tmp/d.json" "$out_json, $outbound_json"

# The document's instances as `postmulti -l` prints them, sorted.
listing_is() {  # listing_is WHAT EXPECTED-LINES
  local got want
  got=$(postmulti -l | awk '$4 != "/etc/postfix" {print $1, $2, $3, $4}' | sort)
  want=$(printf '%s\n' "$2" | sort)
  expect_eq "$1: real postmulti -l" "$got" "$want"
  expect_eq "$1: pfmulti -l = postmulti -l" "$("$pfmulti" -l)" "$(postmulti -l)"
}

echo '$ pfmulti apply -n --diff d.json'
before=$(tree_digest)
"$pfmulti" apply -n --diff "$tmp/d.json" | sed 's/^/  /'
expect_eq "dry run changed nothing" "$(tree_digest)" "$before"

echo '$ pfmulti apply --json d.json'
"$pfmulti" apply --json "$tmp/d.json" >"$tmp/r1.json"
python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(r["changed"], [c["action"] for c in r["changes"]])' "$tmp/r1.json" >"$tmp/r1.txt"
expect_eq "first run" "$(cat "$tmp/r1.txt")" "True ['init', 'create', 'enable', 'set', 'set', 'create']"
listing_is "after the first run" "postfix-out mta y /etc/postfix-out
postfix-outbound - n /etc/postfix-outbound"
expect_eq "postconf reads the setting back" "$(postconf -c /etc/postfix-out -h inet_interfaces)" "127.0.0.1"
expect_eq "postconf reads the banner back" "$(postconf -c /etc/postfix-out -h smtpd_banner)" '$myhostname ESMTP apply test'
expect_eq "queue_directory as the document says" "$(postconf -c /etc/postfix-outbound -h queue_directory)" "$tmp/spool/postfix-outbound"
for d in /etc/postfix-out /etc/postfix-outbound; do
  if postfix -c "$d" check >"$tmp/check.out" 2>&1; then echo "ok: postfix -c $d check"; else
    fail "postfix -c $d check: $(cat "$tmp/check.out")"
  fi
done
[ -e /etc/postfix/.pfmulti.journal ] && fail "the journal was left behind"

echo '$ pfmulti apply --json d.json (again)'
after=$(tree_digest)
set +e
"$pfmulti" apply --json "$tmp/d.json" >"$tmp/r2.json"
rc=$?
set -e
expect_eq "second run exit status" "$rc" 0
expect_eq "second run" "$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(r["changed"], r["changes"], repr(r["diff"]))' "$tmp/r2.json")" "False [] ''"
expect_eq "second run changed nothing" "$(tree_digest)" "$after"

echo '$ pfmulti apply --export > e.json; pfmulti apply --prune e.json'
"$pfmulti" apply --export >"$tmp/e.json"
expect_eq "apply of the export" "$("$pfmulti" apply --prune "$tmp/e.json")" "no changes"
expect_eq "apply of the export changed nothing" "$(tree_digest)" "$after"

echo '$ pfmulti apply --prune (without postfix-outbound)'
doc "$tmp/d2.json" "$out_json"
"$pfmulti" apply --prune "$tmp/d2.json" | sed 's/^/  /'
listing_is "after prune" "postfix-out mta y /etc/postfix-out"
[ -f /etc/postfix-outbound/main.cf ] && echo "ok: a deported instance keeps its files" || fail "prune removed files"

echo '$ bad document, damaged host'
after=$(tree_digest)
doc "$tmp/bad.json" '{"name": "postfix-out", "config_directory": "/etc/postfix-out", "enable": true}'
set +e
"$pfmulti" apply "$tmp/bad.json" 2>"$tmp/bad.err"
rc=$?
set -e
expect_eq "bad document exit status" "$rc" 1
expect_eq "bad document message" "$(cat "$tmp/bad.err")" "pfmulti: fatal: $tmp/bad.json: \$.instances[0].enable: unknown member (expected name, group, enabled, config_directory, queue_directory, data_directory, settings)"
echo "multi_instance_enable = maybe" >>/etc/postfix-out/main.cf
after=$(tree_digest)
set +e
"$pfmulti" apply "$tmp/d.json" 2>"$tmp/damage.err"
rc=$?
set -e
expect_eq "damaged host exit status" "$rc" 1
grep -q "instance /etc/postfix-out cannot be read" "$tmp/damage.err" && echo "ok: the damage is named: $(cat "$tmp/damage.err")" ||
  fail "damage not named: $(cat "$tmp/damage.err")"
expect_eq "damaged host: one line" "$(wc -l <"$tmp/damage.err")" 1
expect_eq "damaged host: nothing changed" "$(tree_digest)" "$after"
postmulti -l >/dev/null 2>&1 && fail "real postmulti -l accepts the damaged instance" ||
  echo "ok: real postmulti -l refuses the damaged host too"

if [ "$failures" -ne 0 ]; then
  echo "apply e2e: $failures failure(s)"
  exit 1
fi
echo "apply e2e: all checks passed"
