#!/usr/bin/env bash
# Builds a private Postfix installation inside the CURRENT mount namespace (the caller runs this
# under `unshare -m -n --propagation private`; see tests/e2e/run.sh) and leaves it ready for
# `postfix` commands. Nothing outside the namespace changes: /etc, /usr/lib and /usr/sbin get
# overlay mounts whose upper layers live in $E2E_TMP.
#   /usr/lib/postfix, /usr/sbin/post*   Debian's postfix package, unpacked (spec/postfix-facts.md §6)
#   /etc/passwd, /etc/group              plus a postfix user, postfix and postdrop groups
#   /etc/postfix                         the primary instance (enabled)
#   /etc/postfix-a                       postfix-a, group mta, enabled
#   /etc/postfix-b                       postfix-b, disabled
#   /etc/postfix-c                       postfix-c, group mta, enabled
# Every instance listens on 127.0.0.1 only, on its own port, and logs to one shared maillog
# file ($E2E_TMP/log/maillog), so the order of master start and stop lines is the order of
# events. Usage: sandbox.sh POSTFIX_ROOT WRAPPER_VALUE   (needs E2E_TMP set, an empty directory)
set -euo pipefail
. "$(cd "$(dirname "$0")/.." && pwd)/lib/sandbox.sh"  # overlay, install_postfix_package, ...
root=$1
wrapper=$2
tmp=${E2E_TMP:?}

ip link set lo up

overlay /etc "$tmp/overlay"
overlay /usr/lib "$tmp/overlay"
overlay /usr/sbin "$tmp/overlay"
install_postfix_package "$root"
mkdir -p /etc/postfix
cp -a "$root"/etc/postfix/. /etc/postfix/
cp "$root/usr/share/postfix/dynamicmaps.cf" /etc/postfix/dynamicmaps.cf

# A postfix user and group, and a postdrop group, with ids nobody else has.
add_postfix_accounts

chgrp postdrop /usr/sbin/postqueue /usr/sbin/postdrop
chmod g+s /usr/sbin/postqueue /usr/sbin/postdrop

mkdir -p "$tmp/log" "$tmp/spool" "$tmp/lib"
chmod 755 "$tmp" "$tmp/log" "$tmp/spool" "$tmp/lib"
: >"$tmp/log/maillog"

port=10025
instance() {  # instance DIR NAME GROUP ENABLE
  local dir=$1 name=$2 group=$3 enable=$4 tag=${2:-postfix}
  mkdir -p "$dir" "$tmp/spool/$tag" "$tmp/lib/$tag"
  chown postfix "$tmp/lib/$tag"
  cat >"$dir/main.cf" <<CF
compatibility_level = 3.6
myhostname = e2e.pfmulti.test
mydestination =
inet_interfaces = loopback-only
inet_protocols = ipv4
queue_directory = $tmp/spool/$tag
data_directory = $tmp/lib/$tag
syslog_name = $tag
maillog_file = $tmp/log/maillog
maillog_file_prefixes = $tmp
multi_instance_name = $name
multi_instance_group = $group
multi_instance_enable = $enable
CF
  cat >"$dir/master.cf" <<CF
127.0.0.1:$port inet n - n - - smtpd
postlog unix-dgram n - n - 1 postlogd
CF
  port=$((port + 1))
}
instance /etc/postfix "" "" yes
instance /etc/postfix-a postfix-a mta yes
instance /etc/postfix-b postfix-b "" no
instance /etc/postfix-c postfix-c mta yes
cat >>/etc/postfix/main.cf <<CF
multi_instance_directories = /etc/postfix-a /etc/postfix-b /etc/postfix-c
multi_instance_wrapper = $wrapper
CF
