# Shared by tests/e2e/apply.sh and tests/e2e/ansible.sh (sourced inside the private mount
# namespace, E2E_TMP and E2E_ROOT set): real Postfix 3.7 (Debian's package, unpacked) over
# overlays of /etc, /usr/lib and /usr/sbin, a postfix user and postdrop group, and a primary
# instance that `pfmulti -e init` has NOT set up yet (no multi_instance_wrapper), with Debian's
# main.cf.dist and master.cf.dist as the prototypes of new instances. Defines:
#   fail WHY / expect_eq WHAT GOT WANT   count failures in $failures
#   tree_digest                          everything the instances consist of, as one hash
set -euo pipefail
tmp=${E2E_TMP:?}
root=${E2E_ROOT:?}
overlay /etc "$tmp/overlay"
overlay /usr/lib "$tmp/overlay"
overlay /usr/sbin "$tmp/overlay"
rm -rf /etc/postfix /etc/postfix-*
install_postfix_package "$root"
mkdir -p /etc/postfix
cp -a "$root"/etc/postfix/. /etc/postfix/
cp "$root/usr/share/postfix/dynamicmaps.cf" /etc/postfix/dynamicmaps.cf
cp "$root/usr/share/postfix/main.cf.dist" /etc/postfix/main.cf.proto
cp "$root/usr/share/postfix/master.cf.dist" /etc/postfix/master.cf.proto
cp "$root/usr/share/postfix/master.cf.dist" /etc/postfix/master.cf
add_postfix_accounts
mkdir -p "$tmp/spool/postfix" "$tmp/lib/postfix"
chown postfix "$tmp/lib/postfix"
printf '%s\n' \
  "# The primary instance of the apply test." \
  "compatibility_level = 3.6" \
  "myhostname = apply.pfmulti.test" \
  "mydestination =" \
  "inet_interfaces = loopback-only" \
  "inet_protocols = ipv4" \
  "queue_directory = $tmp/spool/postfix" \
  "data_directory = $tmp/lib/postfix" \
  "maillog_file = /dev/stdout" >/etc/postfix/main.cf

failures=0
fail() {
  echo "FAIL: $*"
  failures=$((failures + 1))
}
expect_eq() {
  if [ "$2" = "$3" ]; then echo "ok: $1: $2"; else fail "$1: got '$2', want '$3'"; fi
}
tree_digest() {
  {
    find /etc/postfix /etc/postfix-* "$tmp/spool" "$tmp/lib" -path /etc/postfix/.pfmulti.lock \
      -prune -o -printf '%p %y %m %u %g %s\n' 2>/dev/null | sort || true
    find /etc/postfix /etc/postfix-* -type f ! -name .pfmulti.lock -print0 2>/dev/null |
      sort -z | xargs -0 sha256sum || true
  } | sha256sum | cut -c1-64
}
