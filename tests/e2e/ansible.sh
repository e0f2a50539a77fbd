#!/usr/bin/env bash
# The Ansible module contrib/ansible/library/pfmulti_instances.py (issue 18 item 3) driven by
# ansible-core from Debian 12 (`ansible-playbook`, local connection to localhost) against real
# Postfix 3.7 in the private mount namespace of tests/e2e/apply_sandbox.sh: the first run
# changes (PLAY RECAP changed=1) and real postmulti -l lists the instances; a second run reports
# changed=0; check mode (--check --diff) with a changed document reports the change and its diff
# and changes nothing; a bad document fails the task with pfmulti's message naming the JSON path,
# and the tree is unchanged.
# Usage: ansible.sh PFMULTI_BIN. Exit 77 with "SKIPPED: why" without root, unshare, the postfix
# package or ansible-core (Debian package ansible-core; scripts/setup installs it).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
. "$src/tests/lib/sandbox.sh"
pfmulti=$1
if [ -z "${PFMULTI_E2E_INNER:-}" ]; then
  command -v ansible-playbook >/dev/null ||
    skip "ansible-playbook not found: install Debian's ansible-core (scripts/setup does)"
  require_namespace "Ansible module end-to-end test needs root (private mount namespace)"
  root=$("$src/scripts/fetch-postfix") || skip "Debian's postfix package is not available"
  tmp=$(mktemp -d /tmp/pfmulti-ansible.XXXXXX)
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

export HOME=$tmp/home ANSIBLE_LIBRARY=$src/contrib/ansible/library ANSIBLE_NOCOLOR=1
export ANSIBLE_LOCAL_TEMP=$tmp/ansible-local ANSIBLE_REMOTE_TEMP=$tmp/ansible-remote
export ANSIBLE_RETRY_FILES_ENABLED=0 ANSIBLE_PYTHON_INTERPRETER=/usr/bin/python3
mkdir -p "$HOME"
playbook() {  # playbook FILE ENABLED BANNER [NAME]
  cat >"$1" <<YML
- hosts: localhost
  connection: local
  gather_facts: false
  tasks:
    - name: instances
      pfmulti_instances:
        pfmulti: $pfmulti
        prune: true
        instances:
          - name: ${4:-postfix-out}
            group: mta
            enabled: $2
            config_directory: /etc/postfix-out
            settings:
              smtpd_banner: "$3"
              message_size_limit: 20480000
          - name: postfix-outbound
            config_directory: /etc/postfix-outbound
YML
}
run() {  # run LOG ARGS...: ansible-playbook's exit status in $rc, output in LOG
  local log=$1
  shift
  set +e
  ansible-playbook -i localhost, "$@" >"$log" 2>&1
  rc=$?
  set -e
  sed 's/^/  /' "$log"
}
recap() { grep -o 'changed=[0-9]*' "$1" | tail -n 1; }

playbook "$tmp/p1.yml" true "apply test"
echo '$ ansible-playbook p1.yml (first run)'
run "$tmp/run1.log" "$tmp/p1.yml"
expect_eq "first run exit status" "$rc" 0
expect_eq "first run recap" "$(recap "$tmp/run1.log")" "changed=1"
expect_eq "real postmulti -l after the first run" \
  "$(postmulti -l | awk '{print $1, $2, $3, $4}' | tr '\n' '|')" \
  "- - y /etc/postfix|postfix-out mta y /etc/postfix-out|postfix-outbound - n /etc/postfix-outbound|"
expect_eq "the setting, as real postconf reads it" \
  "$(postconf -c /etc/postfix-out -h message_size_limit)" "20480000"

echo '$ ansible-playbook p1.yml (second run)'
after=$(tree_digest)
run "$tmp/run2.log" "$tmp/p1.yml"
expect_eq "second run exit status" "$rc" 0
expect_eq "second run recap" "$(recap "$tmp/run2.log")" "changed=0"
expect_eq "second run changed nothing" "$(tree_digest)" "$after"

echo '$ ansible-playbook --check --diff p2.yml (disable postfix-out, a new banner)'
playbook "$tmp/p2.yml" false "check mode"
run "$tmp/check.log" --check --diff "$tmp/p2.yml"
expect_eq "check mode exit status" "$rc" 0
expect_eq "check mode recap" "$(recap "$tmp/check.log")" "changed=1"
grep -q '^+smtpd_banner = check mode' "$tmp/check.log" && echo "ok: check mode shows the diff" ||
  fail "check mode did not show the main.cf diff"
expect_eq "check mode changed nothing" "$(tree_digest)" "$after"

echo '$ ansible-playbook p3.yml (a bad name)'
playbook "$tmp/p3.yml" true "x" "out"
run "$tmp/bad.log" "$tmp/p3.yml"
expect_eq "bad document: the play fails" "$rc" 2
grep -q "\$.instances\[0\].name: 'out': New instance name must start with 'postfix-'" "$tmp/bad.log" &&
  echo "ok: the failure names the JSON path and the bad value" || fail "no clear message for the bad name"
expect_eq "bad document changed nothing" "$(tree_digest)" "$after"

if [ "$failures" -ne 0 ]; then
  echo "ansible e2e: $failures failure(s)"
  exit 1
fi
echo "ansible e2e: all checks passed"
