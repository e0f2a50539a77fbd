#!/usr/bin/env bash
# pfmulti's systemd generator run exactly as systemd runs it (systemd.generator(7); spec/rules.md
# R130-R137): a link named pfmulti-systemd-generator to pfmulti, called by its path with the
# three output directories and systemd's generator environment, the primary at /etc/postfix
# (a bind mount in a private mount namespace, over an /etc overlay: the host is not touched).
# Trees: nameless instances in any layout, comma lists, a disabled instance, damaged ones
# (unreadable main.cf, a bad value, a missing main.cf), 100 instances. Checks: exit 0, one
# stderr line per damaged instance naming it, one unit per instance, links for the enabled
# ones only, nothing in the early and late directories, and `systemd-analyze verify --man=no`
# silent and successful on every generated unit and on the shipped template and target
# (--man=no: the manual pages are not installed here). The units' ExecStart binaries exist:
# command_directory is a directory of this test with a `postfix` that is /bin/true.
# Usage: generator.sh PFMULTI_BIN BUILD_DIR. Exit 77 with "SKIPPED: why" when it cannot run.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
. "$src/tests/lib/sandbox.sh"

pfmulti=$(readlink -f "$1")
build=$(readlink -f "$2")
if [ -z "${PFMULTI_GEN_INNER:-}" ]; then
  require_namespace "the systemd generator test needs root (private mount namespace)"
  command -v systemd-analyze >/dev/null || skip "systemd-analyze is not installed"
  tmp=$(mktemp -d /tmp/pfmulti-systemd.XXXXXX)
  chmod 755 "$tmp"
  set +e
  PFMULTI_GEN_INNER=1 GEN_TMP=$tmp unshare -m --propagation private bash "$0" "$@" </dev/null
  rc=$?
  set -e
  rm -rf "$tmp"
  exit "$rc"
fi

tmp=$GEN_TMP
failures=0
fail() {
  echo "FAIL: $*"
  failures=$((failures + 1))
}
expect_eq() {
  if [ "$2" = "$3" ]; then echo "ok: $1: $2"; else fail "$1: got '$2', want '$3'"; fi
}
overlay /etc "$tmp/state"
overlay /usr/sbin "$tmp/state"
cp /bin/true /usr/sbin/postfix  # the shipped template's ExecStart, for verify (this namespace)
mkdir -p /etc/postfix "$tmp/bin" "$tmp/libexec" "$tmp/lib" "$tmp/gen"
cp /bin/true "$tmp/bin/postfix"
ln -s "$pfmulti" "$tmp/gen/pfmulti-systemd-generator"
units=$build/systemd
cp "$src/systemd/pfmulti.target" "$units/"

# instance DIR ENABLE [NAME]: a secondary's main.cf with its own queue and data directory.
instance() {
  mkdir -p "$1" "$tmp/q/$(echo "$1" | tr / _)"
  {
    echo "queue_directory = $tmp/q/$(echo "$1" | tr / _)"
    echo "data_directory = $tmp/q/$(echo "$1" | tr / _)/data"
    echo "multi_instance_enable = $2"
    [ -z "${3:-}" ] || echo "multi_instance_name = $3"
  } >"$1/main.cf"
}
# primary TREE LIST: the primary's main.cf in TREE/etc-postfix listing LIST.
primary() {
  mkdir -p "$1/etc-postfix" "$1/q"
  cat >"$1/etc-postfix/main.cf" <<CF
command_directory = $tmp/bin
daemon_directory = $tmp/libexec
shlib_directory = $tmp/lib
meta_directory = $1/etc-postfix
queue_directory = $1/q
data_directory = $1/q/data
multi_instance_enable = yes
multi_instance_directories = $2
CF
}
# run TREE: the generator as systemd runs it, with the tree's primary at /etc/postfix.
run() {
  mount --bind "$1/etc-postfix" /etc/postfix
  rm -rf "$1/out"
  mkdir -p "$1/out/normal" "$1/out/early" "$1/out/late"
  set +e
  env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin SYSTEMD_SCOPE=system SYSTEMD_IN_INITRD=0 \
    "$tmp/gen/pfmulti-systemd-generator" "$1/out/normal" "$1/out/early" "$1/out/late" \
    >"$1/stdout" 2>"$1/stderr"
  status=$?
  set -e
  umount /etc/postfix
  expect_eq "$(basename "$1"): exit status" "$status" 0
  expect_eq "$(basename "$1"): early and late directories" \
    "$(ls -A "$1/out/early" "$1/out/late" | tr -d '\n')" "$1/out/early:$1/out/late:"
  expect_eq "$(basename "$1"): stdout" "$(cat "$1/stdout")" ""
}
# verify TREE: systemd-analyze verify on every generated unit: silent and successful.
verify() {
  local out
  set +e
  out=$(cd "$1/out/normal" && SYSTEMD_UNIT_PATH="$1/out/normal:$units:" \
    systemd-analyze verify --man=no "$1"/out/normal/*.service "$units/pfmulti.target" 2>&1)
  status=$?
  set -e
  expect_eq "$(basename "$1"): systemd-analyze verify on $(ls "$1"/out/normal/*.service | wc -l) units" \
    "$status:$out" "0:"
}
count() { find "$1/out/normal" -maxdepth 1 -name 'pfmulti@*.service' -type f | wc -l; }
links() { find "$1/out/normal/pfmulti.target.wants" -type l 2>/dev/null | wc -l; }

# Nameless instances in any layout.
t=$tmp/nameless
primary "$t" "/etc/postfix-a $t/srv/mail/b $t/x-y.z"
instance /etc/postfix-a yes
instance "$t/srv/mail/b" yes
instance "$t/x-y.z" yes
run "$t"
expect_eq "nameless: units" "$(count "$t")" 4
expect_eq "nameless: links" "$(links "$t")" 4
expect_eq "nameless: stderr" "$(cat "$t/stderr")" ""
b_unit=$(systemd-escape --path --template=pfmulti@.service "$t/srv/mail/b")
expect_eq "nameless: the unit named by systemd-escape --path" \
  "$(test -f "$t/out/normal/$b_unit" && echo yes)" yes
expect_eq "nameless: its link" "$(readlink "$t/out/normal/pfmulti.target.wants/$b_unit")" "../$b_unit"
expect_eq "nameless: its PIDFile" \
  "$(grep '^PIDFile=' "$t/out/normal/$b_unit")" "PIDFile=$tmp/q/$(echo "$t/srv/mail/b" | tr / _)/pid/master.pid"
verify "$t"
# R138 pfmulti systemd-units prints what the generator wrote, file for file.
mount --bind "$t/etc-postfix" /etc/postfix
env -i PATH=/usr/bin:/bin "$pfmulti" systemd-units --json >"$t/units.json"
umount /etc/postfix
expect_eq "nameless: systemd-units --json equals the generated tree" "$(python3 - "$t" <<'PY'
import json, os, sys
root = sys.argv[1] + "/out/normal"
seen = set()
for line in open(sys.argv[1] + "/units.json"):
    o = json.loads(line)
    p = os.path.join(root, o["path"])
    seen.add(o["path"])
    if o["type"] == "link":
        assert os.readlink(p) == o["target"], p
    else:
        assert not os.path.islink(p) and open(p).read() == o["content"], p
on_disk = {os.path.relpath(os.path.join(d, f), root)
           for d, dirs, files in os.walk(root) for f in files}
assert on_disk == seen, (on_disk, seen)
print(len(seen))
PY
)" 8

# A comma list (3.7's wrapper would split only the first comma; postmulti splits all).
t=$tmp/commas
primary "$t" "/etc/postfix-c1,/etc/postfix-c2, /etc/postfix-c3,,/etc/postfix-c4"
for i in 1 2 3 4; do instance /etc/postfix-c$i yes postfix-c$i; done
run "$t"
expect_eq "commas: units" "$(count "$t")" 5
expect_eq "commas: links" "$(links "$t")" 5
verify "$t"

# A disabled instance: a unit, no link.
t=$tmp/disabled
primary "$t" "/etc/postfix-d1 /etc/postfix-d2"
instance /etc/postfix-d1 yes
instance /etc/postfix-d2 no
run "$t"
expect_eq "disabled: units" "$(count "$t")" 3
expect_eq "disabled: links" "$(links "$t")" 2
expect_eq "disabled: no link for the disabled one" \
  "$(ls "$t/out/normal/pfmulti.target.wants" | grep -c 'postfix\\x2dd2' || true)" 0
verify "$t"

# Damaged instances: an unreadable main.cf (a directory), a bad value, a missing main.cf, a
# relative directory; the others are generated and the generator exits 0.
t=$tmp/damaged
primary "$t" "/etc/postfix-e1 /etc/postfix-e2 /etc/postfix-e3 /etc/postfix-e4 relative/e5 /etc/postfix-e6"
instance /etc/postfix-e1 yes
mkdir -p /etc/postfix-e2/main.cf
instance /etc/postfix-e3 maybe
mkdir -p /etc/postfix-e4
instance /etc/postfix-e6 yes
run "$t"
expect_eq "damaged: units" "$(count "$t")" 3
expect_eq "damaged: stderr lines" "$(wc -l <"$t/stderr")" 4
for d in /etc/postfix-e2 /etc/postfix-e3 /etc/postfix-e4 relative/e5; do
  expect_eq "damaged: $d named on stderr" \
    "$(grep -c "^pfmulti-systemd-generator: warning: instance $d skipped: " "$t/stderr")" 1
done
sed 's/^/  stderr: /' "$t/stderr"
verify "$t"

# A primary that cannot be read: nothing generated, one line, exit 0.
t=$tmp/noprimary
mkdir -p "$t/etc-postfix"
run "$t"
expect_eq "noprimary: units" "$(count "$t")" 0
expect_eq "noprimary: stderr" "$(cat "$t/stderr")" \
  "pfmulti-systemd-generator: warning: instance /etc/postfix skipped: open /etc/postfix/main.cf: No such file or directory; no unit generated"

# 100 instances.
t=$tmp/hundred
list=
for i in $(seq 100); do list="$list /etc/postfix-h$i"; done
primary "$t" "$list"
for i in $(seq 100); do instance /etc/postfix-h$i $([ $((i % 10)) = 0 ] && echo no || echo yes); done
run "$t"
expect_eq "hundred: units" "$(count "$t")" 101
expect_eq "hundred: links" "$(links "$t")" 91
verify "$t"

# The shipped template and target, for an instance the generator does not know.
set +e
out=$(SYSTEMD_UNIT_PATH="$units:" systemd-analyze verify --man=no "$units/pfmulti.target" \
  'pfmulti@etc-postfix.service' 2>&1)
status=$?
set -e
expect_eq "template pfmulti@.service and pfmulti.target: systemd-analyze verify" "$status:$out" "0:"

echo "systemd generator: $failures failure(s)"
[ "$failures" = 0 ]
