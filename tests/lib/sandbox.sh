# Shared pieces of the suites that run real Postfix as root in a private mount namespace
# (tests/e2e, tests/lifecycle_e2e, tests/conform, tests/postmulti_options; spec/postfix-facts.md
# §6). Sourced by their run.sh, never run. Each function does one thing:
#   skip WHY...                      "SKIPPED: WHY" on stdout and exit 77 (ctest's skip code)
#   require_namespace WHY [OPTION...]
#                                    skip unless we are root, unshare(1) exists and
#                                    `unshare -m --propagation private OPTION... true` works
#   overlay DIR STATE                DIR writable in this namespace only; changes kept in STATE
#   install_postfix_package ROOT     the unpacked package's programs into /usr/sbin and its
#                                    libraries and daemons into /usr/lib/postfix (the contents:
#                                    a /usr/lib/postfix left on the host must not nest the copy)
#   add_postfix_accounts             a postfix user and group and a postdrop group, with ids that
#                                    nobody else has, in this namespace's /etc/passwd and group

skip() {
  echo "SKIPPED: $*"
  exit 77
}

require_namespace() {
  local why=$1
  shift
  [ "$(id -u)" = 0 ] || skip "$why"
  command -v unshare >/dev/null || skip "unshare(1) is not installed"
  unshare -m --propagation private "$@" true 2>/dev/null ||
    skip "unshare -m $* is not permitted here"
}

overlay() {
  local name
  name=$(echo "$1" | tr / _)
  mkdir -p "$2/$name/up" "$2/$name/work"
  mount -t overlay overlay -o "lowerdir=$1,upperdir=$2/$name/up,workdir=$2/$name/work" "$1"
}

install_postfix_package() {
  mkdir -p /usr/lib/postfix
  cp -a "$1/usr/lib/postfix/." /usr/lib/postfix/
  cp -a "$1"/usr/sbin/post* "$1/usr/sbin/sendmail" /usr/sbin/
}

add_postfix_accounts() {
  local uid=2600
  while getent passwd "$uid" >/dev/null || getent group "$uid" >/dev/null ||
    getent group "$((uid + 1))" >/dev/null; do uid=$((uid + 2)); done
  grep -q '^postfix:' /etc/passwd ||
    echo "postfix:x:$uid:$uid:postfix:/nonexistent:/usr/sbin/nologin" >>/etc/passwd
  grep -q '^postfix:' /etc/group || echo "postfix:x:$uid:" >>/etc/group
  grep -q '^postdrop:' /etc/group || echo "postdrop:x:$((uid + 1)):" >>/etc/group
}
